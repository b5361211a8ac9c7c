package io.toggleworks.infra.postgres.mq;

import com.zaxxer.hikari.HikariDataSource;
import io.toggleworks.infra.postgres.jdbc.PostgresConnectionString;
import io.toggleworks.infra.postgres.jdbc.PostgresDataSources;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.MessageProducer;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.RealtimeConsumer;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
    private final List<AutoCloseable> consumers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

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
    public synchronized RealtimeConsumer realtimeConsumer() {
        requireOpen();
        PostgresRealtimeConsumer consumer = new PostgresRealtimeConsumer(connectionString, settings);
        consumers.add(consumer);
        return consumer;
    }

    @Override
    public synchronized JobConsumer jobConsumer() {
        requireOpen();
        PostgresJobConsumer consumer = new PostgresJobConsumer(pool, settings, clock);
        consumers.add(consumer);
        return consumer;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("message queue is closed");
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Consumers first: a job batch that finishes during shutdown still needs the pool to acknowledge.
        for (AutoCloseable c : consumers) {
            try {
                c.close();
            } catch (Exception ignored) {
                // close() of our consumers does not throw
            }
        }
        pool.close();
    }
}
