package io.toggleworks.spi.mq;

import io.toggleworks.spi.config.ProviderConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the {@link MessageQueueProvider} named by FeatBit's {@code MqProvider} setting among those on the class
 * path (plus the built-in {@code None}), so that services never name an implementation.
 */
public final class MessageQueueProviders {
    /** FeatBit's setting name. */
    public static final String SETTING = "MqProvider";

    private MessageQueueProviders() {
    }

    /** Every provider on the class path, {@code None} included. */
    public static List<MessageQueueProvider> all() {
        List<MessageQueueProvider> all = new ArrayList<>();
        ServiceLoader.load(MessageQueueProvider.class).forEach(all::add);
        if (all.stream().noneMatch(p -> p.name().equalsIgnoreCase(NoneMessageQueueProvider.NAME))) {
            all.add(new NoneMessageQueueProvider());
        }
        return List.copyOf(all);
    }

    /** The provider called {@code name} (case-insensitive, as .NET compares FeatBit's setting). */
    public static Optional<MessageQueueProvider> find(String name) {
        return all().stream().filter(p -> p.name().equalsIgnoreCase(name.trim())).findFirst();
    }

    /**
     * Creates the queue that {@code MqProvider} names ({@code defaultName} when unset); an unknown name is an error
     * that lists the known ones.
     */
    public static MessageQueue create(ProviderConfig config, String defaultName) {
        String name = config.get(SETTING, defaultName);
        MessageQueueProvider provider = find(name).orElseThrow(() -> new IllegalArgumentException(
                SETTING + "=" + name + " is not available; known: "
                        + all().stream().map(MessageQueueProvider::name).toList()));
        return provider.create(config);
    }
}
