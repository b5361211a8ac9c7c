package io.toggleworks.spi.mq;

import io.toggleworks.spi.config.ProviderConfig;

/**
 * Creates a {@link MessageQueue} for one value of FeatBit's {@code MqProvider} setting. Implementations are found
 * with {@link java.util.ServiceLoader}, so services select them by configuration only.
 */
public interface MessageQueueProvider {
    /** The {@code MqProvider} value this provider serves: Postgres, Redis, Kafka or None. */
    String name();

    MessageQueue create(ProviderConfig config);
}
