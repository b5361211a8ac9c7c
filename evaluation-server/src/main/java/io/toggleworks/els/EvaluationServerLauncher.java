package io.toggleworks.els;

import io.toggleworks.els.config.ElsConfig;
import io.toggleworks.els.config.StoreSelection;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.MessageProducer;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProvider;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.store.EvaluationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        return StoreSelection.open(config);
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
