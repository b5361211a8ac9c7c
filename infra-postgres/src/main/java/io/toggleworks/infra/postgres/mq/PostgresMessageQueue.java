package io.toggleworks.infra.postgres.mq;

import com.zaxxer.hikari.HikariDataSource;
import io.toggleworks.infra.postgres.jdbc.PostgresConnectionString;
import io.toggleworks.infra.postgres.jdbc.PostgresDataSources;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.MessageProducer;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.mq.support.QueueConsumers;

import java.time.Clock;

/**
 * The PostgreSQL message queue: one {@code queue_messages} table for both kinds of topic, LISTEN/NOTIFY for the
 * real-time ones. The producer and job consumers share one pool; every real-time consumer holds its own
 * connection, because LISTEN belongs to a session.
 */
public final class PostgresMessageQueue implements MessageQueue {
    private final PostgresConnectionString connectionString;
    private final PostgresQueueSettings settings;
    private final Clock clock;
    private final HikariDataSource pool;
    private final PostgresMessageProducer producer;
    private final QueueConsumers consumers = new QueueConsumers();

    /** Queue statements are short; a read silent this long means a dead peer (no RST), not a slow query. */
    private static final String SOCKET_TIMEOUT_SECONDS = "60";

    public PostgresMessageQueue(PostgresConnectionString connectionString, PostgresQueueSettings settings) {
        connectionString = connectionString.withDefaultProperty("socketTimeout", SOCKET_TIMEOUT_SECONDS);
        this.connectionString = connectionString;
        this.settings = settings;
        this.clock = Clock.systemUTC();
        this.pool = PostgresDataSources.pool(connectionString, "toggleworks_mq", settings.poolSize());
        this.producer = new PostgresMessageProducer(pool, settings, clock);
    }

    public PostgresQueueSettings settings() {
        return settings;
    }

    @Override
    public MessageProducer producer() {
        return producer;
    }

    @Override
    public RealtimeConsumer realtimeConsumer() {
        return consumers.add(() -> new PostgresRealtimeConsumer(connectionString, settings));
    }

    @Override
    public JobConsumer jobConsumer() {
        return consumers.add(() -> new PostgresJobConsumer(pool, settings, clock));
    }

    @Override
    public void close() {
        // Consumers first: a job batch that finishes during shutdown still needs the pool to acknowledge.
        if (consumers.close(ignored -> { })) { // close() of our consumers does not throw
            pool.close();
        }
    }
}
