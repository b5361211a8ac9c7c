package io.toggleworks.els;

import io.toggleworks.els.config.ElsConfig;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.MessageProducer;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProvider;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.EvaluationStoreProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;

/**
 * The composition root: reads FeatBit's settings, finds the store and message-queue providers by name with
 * {@link ServiceLoader} ({@code DbProvider}, {@code CacheProvider}, {@code MqProvider}) and runs the server until the
 * process is told to stop.
 */
public final class EvaluationServerLauncher {
    private static final Logger log = LoggerFactory.getLogger(EvaluationServerLauncher.class);

    private EvaluationServerLauncher() {
    }

    public static void main(String[] args) throws Exception {
        ProviderConfig raw = ProviderConfig.fromEnvironment();
        EvaluationServer server = create(ElsConfig.from(raw)).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "els-shutdown"));
        stopped.await();
    }

    public static EvaluationServer create(ElsConfig config) {
        return new EvaluationServer(config, store(config), queue(config));
    }

    static EvaluationStore store(ElsConfig config) {
        List<EvaluationStoreProvider> providers = ServiceLoader.load(EvaluationStoreProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        if (config.cacheProvider().equalsIgnoreCase("Redis")) {
            Optional<EvaluationStoreProvider> redis = byName(providers, "Redis");
            if (redis.isPresent()) {
                return redis.get().create(config.raw());
            }
            log.warn("CacheProvider=Redis but no Redis store is installed; reading {} directly", config.dbProvider());
        }
        return byName(providers, config.dbProvider())
                .orElseThrow(() -> new IllegalStateException("DbProvider=" + config.dbProvider() + ": no such store provider installed"))
                .create(config.raw());
    }

    static MessageQueue queue(ElsConfig config) {
        Optional<MessageQueueProvider> provider = ServiceLoader.load(MessageQueueProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equalsIgnoreCase(config.mqProvider())).findFirst();
        if (provider.isPresent()) {
            return provider.get().create(config.raw());
        }
        if (config.mqProvider().equalsIgnoreCase("None")) {
            log.warn("MqProvider=None: no live changes, job messages dropped");
            return NONE;
        }
        throw new IllegalStateException("MqProvider=" + config.mqProvider() + ": no such message-queue provider installed");
    }

    private static <P> Optional<P> byName(List<P> providers, String name) {
        return providers.stream().filter(p -> name.equalsIgnoreCase(p instanceof EvaluationStoreProvider e ? e.name() : "")).findFirst();
    }

    /** FeatBit's {@code MqProvider=None}: publishing drops, consuming never delivers. */
    private static final MessageQueue NONE = new MessageQueue() {
        @Override
        public MessageProducer producer() {
            return (topic, payload) -> { };
        }

        @Override
        public RealtimeConsumer realtimeConsumer() {
            return new RealtimeConsumer() {
                @Override
                public void start(Handler handler) {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public JobConsumer jobConsumer() {
            throw new UnsupportedOperationException("MqProvider=None has no job consumer");
        }

        @Override
        public void close() {
        }
    };
}
