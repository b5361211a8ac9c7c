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
        var connectionString = PostgresDataSources.connectionString(config);
        // On DbProvider=Postgres the main schema's migration owns the table; on MongoDB nothing else creates it.
        if (config.get("DbProvider").map(v -> v.trim().equalsIgnoreCase("MongoDb")).orElse(false)) {
            QueueSchema.ensure(connectionString);
        }
        return new PostgresMessageQueue(connectionString, PostgresQueueSettings.from(config));
    }
}
