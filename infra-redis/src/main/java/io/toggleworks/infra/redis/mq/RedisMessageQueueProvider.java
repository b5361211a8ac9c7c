package io.toggleworks.infra.redis.mq;

import io.toggleworks.infra.redis.connection.RedisConnectionString;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProvider;

/** {@code MqProvider=Redis}: FeatBit's pub/sub and list queue on {@code Redis__ConnectionString}. */
public final class RedisMessageQueueProvider implements MessageQueueProvider {
    public static final String NAME = "Redis";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MessageQueue create(ProviderConfig config) {
        return new RedisMessageQueue(RedisConnectionString.from(config), RedisQueueSettings.from(config));
    }
}
