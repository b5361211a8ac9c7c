package io.toggleworks.api.messaging;

import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProviders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * The message queue FeatBit's {@code MqProvider} names (default {@code Postgres}), found with
 * {@link java.util.ServiceLoader} so the API never names an implementation. Providers read FeatBit's setting names
 * ({@code Postgres__ConnectionString}, {@code Redis__ConnectionString}, ...) from a {@link ProviderConfig} built from
 * every setting Spring knows (command line, environment, properties files).
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {
    static final String DEFAULT_PROVIDER = "Postgres";

    @Bean
    public ProviderConfig providerConfig(ConfigurableEnvironment env) {
        Map<String, String> all = new HashMap<>();
        // Lowest precedence first, so that higher-precedence sources overwrite.
        var sources = env.getPropertySources().stream().toList();
        for (int i = sources.size() - 1; i >= 0; i--) {
            PropertySource<?> source = sources.get(i);
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    Object value = enumerable.getProperty(name);
                    if (value != null) {
                        all.put(name, String.valueOf(value));
                    }
                }
            }
        }
        return ProviderConfig.of(all);
    }

    @Bean(destroyMethod = "close")
    public MessageQueue messageQueue(ProviderConfig config) {
        return MessageQueueProviders.create(config, DEFAULT_PROVIDER);
    }
}
