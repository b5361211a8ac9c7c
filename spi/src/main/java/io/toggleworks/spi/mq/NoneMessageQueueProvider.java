package io.toggleworks.spi.mq;

import io.toggleworks.spi.config.ProviderConfig;

/**
 * {@code MqProvider=None}, as FeatBit: publishing drops the message and consumers receive nothing. Built into
 * {@code spi} so that it needs no provider module; {@link MessageQueueProviders} knows it.
 */
public final class NoneMessageQueueProvider implements MessageQueueProvider {
    public static final String NAME = "None";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MessageQueue create(ProviderConfig config) {
        return new NoneQueue();
    }

    private static final class NoneQueue implements MessageQueue {
        private static final MessageProducer DROP = (topic, json) -> { };

        @Override
        public MessageProducer producer() {
            return DROP;
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
            return new JobConsumer() {
                @Override
                public void start(String topic, BatchHandler handler) {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
