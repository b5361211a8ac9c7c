package io.toggleworks.infra.postgres.mq;

import io.toggleworks.infra.postgres.jdbc.PostgresConnectionString;
import io.toggleworks.infra.postgres.jdbc.PostgresDataSources;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.mq.Topics;
import io.toggleworks.spi.mq.support.Backoff;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * Receives the real-time topics on a dedicated connection with LISTEN, as FeatBit's Evaluation Server does, and
 * fetches each message's row by the id carried in the NOTIFY payload.
 *
 * <p>No message is lost across a short outage: on every (re)connect it first LISTENs, then replays the
 * {@code Notified} rows it may have missed (id above the last one handled, or enqueued after the last moment the
 * connection was known to be alive, minus a margin), then handles live notifications. Ids handled recently are
 * remembered so that the overlap between replay and live notifications is not delivered twice; older duplicates
 * are possible, which handlers tolerate. Unlike FeatBit, nothing is dropped from an in-process buffer: while the
 * handler is busy, notifications wait in PostgreSQL's notification queue.
 */
final class PostgresRealtimeConsumer implements RealtimeConsumer {
    private static final Logger log = LoggerFactory.getLogger(PostgresRealtimeConsumer.class);
    static final String APPLICATION_NAME = "toggleworks_mq_listener";
    private static final int REMEMBERED_IDS = 10_000;
    /** Slack on the first replay window, for the time between start() and the connection's first statement. */
    private static final Duration START_SLACK = Duration.ofSeconds(1);

    private static final String FETCH_BY_ID = "select topic, payload from queue_messages where id = ?";
    private static final String MISSED = """
            select id, topic, payload from queue_messages
            where not_visible_until is null and topic in (?, ?) and status = 'Notified' and (id > ? or enqueued_at > ?)
            order by id""";

    private final PostgresConnectionString connectionString;
    private final PostgresQueueSettings settings;
    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private volatile Connection current;
    private Thread worker;

    // Touched by the worker thread only.
    private long lastHandledId;
    private long startedNanos;
    private Optional<Instant> replayFrom = Optional.empty();
    private Optional<Instant> lastAliveDbTime = Optional.empty();
    private final SequencedSet<Long> recentIds = new LinkedHashSet<>();
    private Handler handler;

    PostgresRealtimeConsumer(PostgresConnectionString connectionString, PostgresQueueSettings settings) {
        this.connectionString = connectionString;
        this.settings = settings;
    }

    @Override
    public void start(Handler handler) {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("consumer is closed");
            }
            if (worker != null) {
                throw new IllegalStateException("consumer already started");
            }
            this.handler = handler;
            this.startedNanos = System.nanoTime();
            worker = Thread.ofPlatform().daemon().name("pg-mq-realtime-listener").start(this::run);
        }
    }

    private void run() {
        Backoff backoff = new Backoff(settings.reconnectMinDelay(), settings.reconnectMaxDelay());
        boolean connectedOnce = false;
        while (!closed) {
            try (Connection c = PostgresDataSources.connect(connectionString, APPLICATION_NAME)) {
                current = c;
                if (closed) {
                    break;
                }
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    // LISTEN before replaying, so nothing published in between falls through the gap.
                    s.execute("LISTEN " + channel(Topics.FEATURE_FLAG_CHANGE) + "; LISTEN " + channel(Topics.SEGMENT_CHANGE));
                }
                Instant dbNow = markAlive(c);
                if (replayFrom.isEmpty()) {
                    // Messages published after start() returned must arrive even though LISTEN came later. The
                    // start instant is taken on the database's clock (its now() minus the time elapsed here), so
                    // clock skew between this JVM and PostgreSQL cannot open a gap.
                    replayFrom = Optional.of(dbNow.minusNanos(System.nanoTime() - startedNanos).minus(START_SLACK));
                }
                if (connectedOnce) {
                    log.info("Real-time listener reconnected; replaying messages after id {} or enqueued since {}", lastHandledId,
                            replayFrom.orElseThrow());
                }
                boolean reconnected = connectedOnce;
                connectedOnce = true;
                replayMissed(c);
                if (reconnected) {
                    handler.onReconnected();
                }
                backoff.reset();
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                lastAliveDbTime.ifPresent(t -> replayFrom = Optional.of(t.minus(settings.replayMargin())));
                Duration wait = backoff.next();
                log.warn("Real-time listener lost its connection ({}); reconnecting in {} ms", e.toString(), wait.toMillis());
                sleep(wait);
            } finally {
                current = null;
            }
        }
        log.debug("Real-time listener stopped");
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        int timeout = (int) Math.max(1, settings.heartbeatInterval().toMillis());
        long lastMark = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(timeout);
            if (System.nanoTime() - lastMark >= settings.heartbeatInterval().toNanos()
                    || notifications == null || notifications.length == 0) {
                // Prove the connection is alive and move the replay watermark forward, busy or idle, so that a
                // replay after a disconnect covers only the last few seconds.
                markAlive(c);
                lastMark = System.nanoTime();
            }
            if (notifications == null || notifications.length == 0) {
                continue;
            }
            for (PGNotification n : notifications) {
                if (closed) {
                    return;
                }
                long id;
                try {
                    id = Long.parseLong(n.getParameter().trim());
                } catch (NumberFormatException e) {
                    log.warn("Ignoring NOTIFY on {} whose payload is not a message id: {}", n.getName(), n.getParameter());
                    continue;
                }
                fetchAndDeliver(c, id, n.getName());
            }
        }
    }

    /** Proves the connection works and returns the database's clock, the one {@code enqueued_at} uses. */
    private Instant markAlive(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select now()")) {
            rs.next();
            Instant now = rs.getObject(1, OffsetDateTime.class).toInstant();
            lastAliveDbTime = Optional.of(now);
            return now;
        }
    }

    private void replayMissed(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MISSED)) {
            ps.setString(1, Topics.FEATURE_FLAG_CHANGE);
            ps.setString(2, Topics.SEGMENT_CHANGE);
            // Before anything was handled only the time window applies (FeatBit's rule); afterwards either does.
            ps.setLong(3, lastHandledId > 0 ? lastHandledId : Long.MAX_VALUE);
            ps.setObject(4, replayFrom.orElseThrow().atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && !closed) {
                    deliver(rs.getLong(1), rs.getString(2), rs.getString(3));
                }
            }
        }
    }

    private void fetchAndDeliver(Connection c, long id, String channel) throws SQLException {
        if (recentIds.contains(id)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(FETCH_BY_ID)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    log.warn("NOTIFY on {} names message {} which no longer exists", channel, id);
                    return;
                }
                deliver(id, rs.getString(1), rs.getString(2));
            }
        }
    }

    private void deliver(long id, String topic, String payload) {
        if (!recentIds.add(id)) {
            return;
        }
        if (recentIds.size() > REMEMBERED_IDS) {
            recentIds.removeFirst();
        }
        lastHandledId = Math.max(lastHandledId, id);
        if (payload == null) {
            log.warn("Real-time message {} on {} has no payload; skipped", id, topic);
            return;
        }
        try {
            handler.onMessage(topic, payload);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // A bad message must not stop the stream; the handler owns its errors.
            log.error("Real-time handler failed on message {} of {}", id, topic, e);
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            if (!closed) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String channel(String topic) {
        return Topics.postgresChannel(topic).orElseThrow();
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            t = worker;
        }
        Connection c = current;
        if (c != null) {
            try {
                // abort() drops the socket at once, unblocking getNotifications without waiting for its lock.
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                log.debug("Aborting the listener connection failed: {}", e.toString());
            }
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(settings.closeTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
