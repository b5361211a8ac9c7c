package io.toggleworks.infra.postgres.mq;

import io.toggleworks.infra.postgres.jdbc.PostgresDataSources;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProvider;

/** {@code MqProvider=Postgres}: FeatBit's queue on {@code Postgres__ConnectionString}. */
public final class PostgresMessageQueueProvider implements MessageQueueProvider {
    public static final String NAME = "Postgres";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MessageQueue create(ProviderConfig config) {
        return new PostgresMessageQueue(PostgresDataSources.connectionString(config), PostgresQueueSettings.from(config));
    }
}
