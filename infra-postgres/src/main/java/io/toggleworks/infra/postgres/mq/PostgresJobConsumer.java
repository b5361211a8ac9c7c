package io.toggleworks.infra.postgres.mq;

import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.JobMessage;
import io.toggleworks.spi.mq.support.Backoff;
import io.toggleworks.spi.mq.support.JobBatches;
import io.toggleworks.spi.mq.support.JobTopicLoops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Consumes job topics from {@code queue_messages} as FeatBit's API does (batches locked with
 * {@code FOR UPDATE SKIP LOCKED}, marked {@code Processing} with a visibility timeout, deleted when handled), with
 * the gaps FeatBit leaves closed:
 * <ul>
 *   <li>a row left in {@code Processing} after its visibility timeout (its consumer died) is delivered again;</li>
 *   <li>a failed message is retried with a growing delay, and parked as {@code Failed} with its error after
 *       {@code maxDeliveries}; when a whole batch fails, its messages are retried one by one so that one bad
 *       message never holds back the others;</li>
 *   <li>{@code Failed} rows are deleted after a retention period;</li>
 *   <li>while a handler works, its batch's visibility timeout is extended (up to {@value #MAX_LEASE_FACTOR} times
 *       the timeout), so slow work is not handed to a second consumer while a dead consumer's work still is.</li>
 * </ul>
 * One loop thread per started topic. Delivery is at least once: a handler may see a message again after a crash,
 * a failed batch, or a visibility timeout shorter than its work.
 */
final class PostgresJobConsumer implements JobConsumer {
    private static final Logger log = LoggerFactory.getLogger(PostgresJobConsumer.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(30);
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofHours(1);
    static final int MAX_LEASE_FACTOR = 10;

    // Pending rows (FeatBit's only case), plus Processing rows whose consumer let the visibility timeout pass.
    private static final String FETCH = """
            with next as (
                select id from queue_messages
                where topic = ?
                  and ((status = 'Pending' and (not_visible_until is null or not_visible_until <= now()))
                    or (status = 'Processing' and not_visible_until <= now() and deliver_count < ?))
                order by id
                limit ?
                for update skip locked)
            update queue_messages m
            set status = 'Processing', not_visible_until = now() + make_interval(secs => ?),
                deliver_count = m.deliver_count + 1, last_deliver_at = now()
            from next where m.id = next.id
            returning m.id, m.payload, m.deliver_count""";
    // A message whose consumer died on every one of its deliveries is poison too.
    private static final String PARK_ABANDONED = """
            update queue_messages
            set status = 'Failed', last_handled_at = now(),
                error = coalesce(error || E'\\n', '') || 'no outcome after ' || deliver_count || ' deliveries (consumer stopped or timed out)'
            where topic = ? and status = 'Processing' and not_visible_until <= now() and deliver_count >= ?""";
    private static final String ACK = "delete from queue_messages where id = any(?)";
    private static final String RETRY_LATER = """
            update queue_messages
            set status = 'Pending', not_visible_until = now() + make_interval(secs => ?), last_handled_at = now(), error = ?
            where id = ?""";
    private static final String PARK = """
            update queue_messages set status = 'Failed', last_handled_at = now(), error = ? where id = ?""";
    // On shutdown: hand the rows back at once, without spending one of their deliveries.
    private static final String RELEASE = """
            update queue_messages
            set status = 'Pending', not_visible_until = null, deliver_count = greatest(deliver_count - 1, 0)
            where id = any(?) and status = 'Processing'""";
    private static final String EXTEND = """
            update queue_messages set not_visible_until = now() + make_interval(secs => ?)
            where id = any(?) and status = 'Processing'""";
    private static final String PURGE_FAILED = """
            delete from queue_messages
            where topic = ? and status = 'Failed' and last_handled_at < now() - make_interval(secs => ?)""";

    private final DataSource dataSource;
    private final PostgresQueueSettings settings;
    private final Clock clock;
    private final JobTopicLoops<Loop> loops = new JobTopicLoops<>();
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("pg-mq-job-leases").factory());

    PostgresJobConsumer(DataSource dataSource, PostgresQueueSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void start(String topic, BatchHandler handler) {
        loops.start(topic, t -> new Loop(t, handler));
    }

    @Override
    public void close() {
        if (loops.close(settings.closeTimeout())) {
            leases.shutdownNow();
        }
    }

    private record Delivery(long id, String payload, int deliverCount) {
        JobMessage message(String topic) {
            return new JobMessage(Long.toString(id), topic, payload);
        }
    }

    private final class Loop extends JobTopicLoops.Loop implements JobBatches.Outcomes<Delivery> {
        volatile Future<?> lease;
        Instant nextHousekeeping = Instant.MIN;

        Loop(String topic, BatchHandler handler) {
            super(topic, handler);
        }

        @Override
        protected String threadName() {
            return "pg-mq-jobs-" + topic;
        }

        @Override
        protected void awaitStop(long nanos) {
            Optional<Thread> t = thread();
            try {
                if (t.isPresent() && !t.get().join(Duration.ofNanos(Math.max(1, nanos)))) {
                    // The handler outlived the close timeout: abandon its batch, as a crash would; the rows stay
                    // Processing and are delivered again once their visibility timeout passes.
                    Future<?> l = lease;
                    if (l != null) {
                        l.cancel(false);
                    }
                    log.warn("Job handler for {} did not finish within {}; its batch will be redelivered after {}",
                            topic, settings.closeTimeout(), settings.visibilityTimeout());
                    t.get().interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        protected void run() {
            try {
                poll();
            } catch (Throwable t) {
                // Only a VirtualMachineError gets here; say so rather than let the topic go quiet.
                log.error("Job consumer for {} stopped by a fatal error", topic, t);
                throw t;
            }
        }

        private void poll() {
            Backoff backoff = new Backoff(settings.reconnectMinDelay(), settings.reconnectMaxDelay());
            while (!stopping()) {
                try {
                    housekeepIfDue();
                    parkAbandoned();
                    List<Delivery> batch = fetch();
                    if (!batch.isEmpty()) {
                        JobBatches.process(batch, this);
                    }
                    backoff.reset();
                    if (batch.size() < settings.batchSize()) {
                        pause(settings.pollInterval());
                    }
                } catch (SQLException | RuntimeException e) {
                    Duration wait = backoff.next();
                    log.warn("Polling job topic {} failed ({}); retrying in {} ms", topic, e.toString(), wait.toMillis());
                    pause(wait);
                }
            }
            log.debug("Job consumer for {} stopped", topic);
        }

        private List<Delivery> fetch() throws SQLException {
            List<Delivery> batch = new ArrayList<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FETCH)) {
                c.setAutoCommit(true);
                ps.setString(1, topic);
                ps.setInt(2, settings.maxDeliveries());
                ps.setInt(3, settings.batchSize());
                ps.setDouble(4, seconds(settings.visibilityTimeout()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String payload = rs.getString(2);
                        batch.add(new Delivery(rs.getLong(1), payload == null ? "" : payload, rs.getInt(3)));
                    }
                }
            }
            // UPDATE ... RETURNING has no defined order; hand the batch over in enqueue order.
            batch.sort(Comparator.comparingLong(Delivery::id));
            return batch;
        }

        @Override
        public void batchFailed(List<Delivery> batch, Throwable failure) {
            log.warn("Job batch of {} on {} failed ({}); retrying its messages one by one", batch.size(), topic, failure.toString());
        }

        /** Runs the handler while keeping the batch invisible to other consumers. */
        @Override
        public Optional<Throwable> handle(List<Delivery> batch) {
            lease = keepInvisible(batch);
            try {
                return JobBatches.run(handler, batch.stream().map(d -> d.message(topic)).toList());
            } finally {
                lease.cancel(false);
            }
        }

        /** Extends the batch's visibility timeout while the handler runs, up to a bound so a hung handler ends. */
        private Future<?> keepInvisible(List<Delivery> batch) {
            long period = Math.max(100, settings.visibilityTimeout().toMillis() / 3);
            long until = System.nanoTime() + settings.visibilityTimeout().multipliedBy(MAX_LEASE_FACTOR).toNanos();
            Long[] ids = batch.stream().map(Delivery::id).toArray(Long[]::new);
            Runnable extend = () -> {
                if (System.nanoTime() > until) {
                    log.warn("Job handler for {} has held {} messages for {}; no longer extending their visibility",
                            topic, ids.length, settings.visibilityTimeout().multipliedBy(MAX_LEASE_FACTOR));
                    throw new IllegalStateException("lease expired"); // ends the schedule
                }
                try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(EXTEND)) {
                    ps.setDouble(1, seconds(settings.visibilityTimeout()));
                    ps.setArray(2, c.createArrayOf("bigint", ids));
                    ps.executeUpdate();
                } catch (SQLException | RuntimeException e) {
                    log.debug("Could not extend the visibility of {} messages on {}: {}", ids.length, topic, e.toString());
                }
            };
            try {
                return leases.scheduleAtFixedRate(extend, period, period, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.completedFuture(null); // closing: let the rows' timeout run out
            }
        }

        @Override
        public void failed(Delivery d, Throwable error) {
            String text = JobBatches.describe(error);
            boolean park = d.deliverCount() >= settings.maxDeliveries();
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(park ? PARK : RETRY_LATER)) {
                if (park) {
                    ps.setString(1, text);
                    ps.setLong(2, d.id());
                } else {
                    ps.setDouble(1, seconds(Backoff.exponential(settings.retryDelay(), d.deliverCount(), MAX_RETRY_DELAY)));
                    ps.setString(2, text);
                    ps.setLong(3, d.id());
                }
                ps.executeUpdate();
            } catch (SQLException | RuntimeException e) {
                // The row stays Processing; the visibility timeout brings it back.
                log.warn("Could not record the failure of job message {} on {}: {}", d.id(), topic, e.toString());
            }
            if (park) {
                log.error("Job message {} on {} failed {} times and is parked as Failed: {}", d.id(), topic, d.deliverCount(), text);
            } else {
                log.warn("Job message {} on {} failed (delivery {} of {}); will retry: {}", d.id(), topic,
                        d.deliverCount(), settings.maxDeliveries(), text);
            }
        }

        @Override
        public void acknowledge(List<Delivery> batch) {
            JobBatches.acknowledge(() -> updateByIds(ACK, batch), () -> false).ifPresent(e ->
                    log.warn("Could not acknowledge {} job messages on {} ({}); they will be delivered again",
                            batch.size(), topic, e.toString()));
        }

        /** Hands the rows back at once (the consumer is stopping). */
        @Override
        public void abandon(List<Delivery> batch) {
            try {
                updateByIds(RELEASE, batch);
            } catch (SQLException | RuntimeException e) {
                log.debug("Could not release {} job messages on {}: {}", batch.size(), topic, e.toString());
            }
        }

        private void updateByIds(String sql, List<Delivery> batch) throws SQLException {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                Array ids = c.createArrayOf("bigint", batch.stream().map(Delivery::id).toArray(Long[]::new));
                ps.setArray(1, ids);
                ps.executeUpdate();
            }
        }

        private void parkAbandoned() throws SQLException {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PARK_ABANDONED)) {
                ps.setString(1, topic);
                ps.setInt(2, settings.maxDeliveries());
                int parked = ps.executeUpdate();
                if (parked > 0) {
                    log.error("Parked {} job messages on {} as Failed: no consumer finished them in {} deliveries",
                            parked, topic, settings.maxDeliveries());
                }
            }
        }

        private void housekeepIfDue() throws SQLException {
            Instant now = clock.instant();
            if (now.isBefore(nextHousekeeping)) {
                return;
            }
            nextHousekeeping = now.plus(HOUSEKEEPING_EVERY);
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PURGE_FAILED)) {
                ps.setString(1, topic);
                ps.setDouble(2, seconds(settings.failedRetention()));
                int purged = ps.executeUpdate();
                if (purged > 0) {
                    log.info("Deleted {} Failed job messages on {} older than {}", purged, topic, settings.failedRetention());
                }
            }
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
