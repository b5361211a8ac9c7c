package io.toggleworks.infra.kafka.mq;

import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProvider;

/** {@code MqProvider=Kafka}: FeatBit's topics on the cluster named by {@code Kafka__Producer__bootstrap.servers}. */
public final class KafkaMessageQueueProvider implements MessageQueueProvider {
    public static final String NAME = "Kafka";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MessageQueue create(ProviderConfig config) {
        return new KafkaMessageQueue(KafkaClientSettings.from(config), KafkaQueueSettings.from(config));
    }
}
