package io.toggleworks.infra.postgres.mq;

import io.toggleworks.spi.mq.MessageProducer;
import io.toggleworks.spi.mq.Topics;
import io.toggleworks.spi.mq.support.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes as FeatBit does: a real-time message is a {@code queue_messages} row with status {@code Notified} plus
 * {@code pg_notify(channel, '<row id>')}; a job message is a row with status {@code Pending}. Unlike FeatBit, the
 * row and its NOTIFY are one statement (so a listener never sees a NOTIFY without its row, nor a row whose NOTIFY
 * was lost half-way), and a transient failure is retried with back-off before the message is logged as lost.
 */
final class PostgresMessageProducer implements MessageProducer {
    private static final Logger log = LoggerFactory.getLogger(PostgresMessageProducer.class);
    private static final int MAX_TOPIC_LENGTH = 128;
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofDays(1);

    // The insert is committed in the same transaction that queues the NOTIFY; PostgreSQL delivers the NOTIFY at
    // commit, so the listener's "select payload by id" always finds the row.
    private static final String INSERT_NOTIFIED = """
            with m as (insert into queue_messages (topic, status, payload) values (?, 'Notified', ?) returning id)
            select id, pg_notify(?, id::text) from m""";
    private static final String INSERT_PENDING =
            "insert into queue_messages (topic, status, payload) values (?, 'Pending', ?)";
    // Ids follow list order: identity values are drawn in the order the select yields its rows.
    private static final String INSERT_PENDING_MANY = """
            insert into queue_messages (topic, status, payload)
            select ?, 'Pending', t.payload from unnest(?::text[]) with ordinality as t(payload, n) order by t.n""";
    private static final String DELETE_OLD_NOTIFIED =
            "delete from queue_messages where status = 'Notified' and enqueued_at < now() - make_interval(secs => ?)";

    private final DataSource dataSource;
    private final PostgresQueueSettings settings;
    private final Clock clock;
    private final AtomicReference<Instant> nextHousekeeping = new AtomicReference<>(Instant.MIN);

    PostgresMessageProducer(DataSource dataSource, PostgresQueueSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void publish(String topic, String jsonPayload) {
        Objects.requireNonNull(jsonPayload, "jsonPayload");
        checkTopic(topic);
        withRetries(topic, 1, jsonPayload.length(), () -> insert(topic, jsonPayload));
    }

    /** Job messages go in one statement (all or none, so a retry cannot duplicate); real-time ones one by one. */
    @Override
    public void publishAll(String topic, List<String> jsonPayloads) {
        checkTopic(topic);
        jsonPayloads.forEach(p -> Objects.requireNonNull(p, "jsonPayload"));
        if (jsonPayloads.isEmpty()) {
            return;
        }
        if (Topics.postgresChannel(topic).isPresent() || jsonPayloads.size() == 1) {
            jsonPayloads.forEach(p -> publish(topic, p));
            return;
        }
        int bytes = jsonPayloads.stream().mapToInt(String::length).sum();
        withRetries(topic, jsonPayloads.size(), bytes, () -> insertMany(topic, jsonPayloads));
    }

    private static void checkTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank() || topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("topic must have 1 to " + MAX_TOPIC_LENGTH + " characters: " + topic);
        }
    }

    @FunctionalInterface
    private interface Write {
        void run() throws SQLException;
    }

    private void withRetries(String topic, int messages, int bytes, Write write) {
        Backoff backoff = new Backoff(settings.publishRetryDelay(), settings.publishRetryDelay().multipliedBy(16));
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                break;
            } catch (SQLException | RuntimeException e) {
                if (attempt >= settings.publishAttempts()) {
                    // FeatBit swallows publish errors too: the caller's change is already stored; say what was lost.
                    log.error("Lost {} message(s) on topic {} after {} attempts ({} bytes): {}", messages, topic, attempt,
                            bytes, e.toString());
                    return;
                }
                log.warn("Publishing on topic {} failed (attempt {} of {}), retrying: {}", topic, attempt,
                        settings.publishAttempts(), e.toString());
                try {
                    Thread.sleep(backoff.next());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    log.error("Lost {} message(s) on topic {}: interrupted while retrying", messages, topic);
                    return;
                }
            }
        }
        housekeepIfDue();
    }

    private void insert(String topic, String payload) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            var channel = Topics.postgresChannel(topic);
            if (channel.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement(INSERT_NOTIFIED)) {
                    ps.setString(1, topic);
                    ps.setString(2, payload);
                    ps.setString(3, channel.get());
                    ps.executeQuery().close();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(INSERT_PENDING)) {
                    ps.setString(1, topic);
                    ps.setString(2, payload);
                    ps.executeUpdate();
                }
            }
        }
    }

    private void insertMany(String topic, List<String> payloads) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_PENDING_MANY)) {
            c.setAutoCommit(true);
            ps.setString(1, topic);
            ps.setArray(2, c.createArrayOf("text", payloads.toArray()));
            ps.executeUpdate();
        }
    }

    /** On the first publish and then once a day, as FeatBit: drop real-time rows too old to be replayed. */
    private void housekeepIfDue() {
        Instant now = clock.instant();
        Instant due = nextHousekeeping.get();
        if (now.isBefore(due) || !nextHousekeeping.compareAndSet(due, now.plus(HOUSEKEEPING_EVERY))) {
            return;
        }
        Thread.ofVirtual().name("pg-mq-housekeeping").start(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(DELETE_OLD_NOTIFIED)) {
                ps.setDouble(1, settings.notifiedRetention().toSeconds());
                int deleted = ps.executeUpdate();
                log.debug("Deleted {} real-time queue rows older than {}", deleted, settings.notifiedRetention());
            } catch (SQLException | RuntimeException e) {
                log.warn("Housekeeping of Notified queue rows failed: {}", e.toString());
                nextHousekeeping.set(Instant.MIN);
            }
        });
    }
}
