package io.toggleworks.infra.redis.mq;

import io.lettuce.core.LMoveArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.JobMessage;
import io.toggleworks.spi.mq.support.Backoff;
import io.toggleworks.spi.mq.support.JobBatches;
import io.toggleworks.spi.mq.support.JobTopicLoops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Consumes FeatBit's job lists reliably, where FeatBit's {@code LPOP} is at most once: each loop atomically moves a
 * batch from the list to its own processing list, and removes the messages from there only when the handler has
 * returned. A loop registers in {@code <topic>:consumers} and keeps a heartbeat key alive; every loop periodically
 * gives the processing lists of consumers whose heartbeat expired back to the head of the job list. A failed
 * message is retried later with a growing delay, and parked on {@code <topic>:failed} with its error after
 * {@code maxDeliveries}; when a whole batch fails, its messages are retried one by one at once, so one bad message
 * never holds back the others.
 */
final class RedisJobConsumer implements JobConsumer {
    private static final Logger log = LoggerFactory.getLogger(RedisJobConsumer.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(30);

    private final RedisMessageQueue queue;
    private final RedisQueueSettings settings;
    private final RedisKeys keys;
    private final JobTopicLoops<Loop> loops = new JobTopicLoops<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("redis-mq-job-heartbeat").factory());

    RedisJobConsumer(RedisMessageQueue queue) {
        this.queue = queue;
        this.settings = queue.settings();
        this.keys = queue.keys();
        long period = settings.heartbeatInterval().toMillis();
        heartbeats.scheduleWithFixedDelay(() -> loops.forEach(Loop::heartbeat), period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void start(String topic, BatchHandler handler) {
        loops.start(topic, t -> new Loop(t, handler));
    }

    @Override
    public void close() {
        if (loops.close(settings.closeTimeout())) {
            heartbeats.shutdownNow();
        }
    }

    private record Delivery(String payload, long deliverCount) {
        JobMessage message(String topic) {
            return new JobMessage(sha1(payload), topic, payload);
        }
    }

    private final class Loop extends JobTopicLoops.Loop implements JobBatches.Outcomes<Delivery> {
        final String consumerId = UUID.randomUUID().toString().replace("-", "");
        volatile StatefulRedisConnection<String, String> blocking;
        /** When the running batch was fetched (0 when idle), to stop protecting a hung handler's batch. */
        volatile long batchSince;
        volatile boolean abandoned;
        long nextRecovery;

        Loop(String topic, BatchHandler handler) {
            super(topic, handler);
        }

        @Override
        protected String threadName() {
            return "redis-mq-jobs-" + topic;
        }

        @Override
        public void requestStop() {
            super.requestStop();
            closeBlocking(); // ends a blocking move at once; the handler acknowledges over the shared connection
        }

        private synchronized void closeBlocking() {
            StatefulRedisConnection<String, String> c = blocking;
            blocking = null;
            if (c != null && c.isOpen()) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    log.debug("Closing the blocking connection of {} failed: {}", topic, e.toString());
                }
            }
        }

        @Override
        protected void awaitStop(long nanos) {
            Optional<Thread> t = thread();
            try {
                if (t.isPresent() && !t.get().join(Duration.ofNanos(Math.max(1, nanos)))) {
                    // The handler outlived the close timeout: abandon its batch as a crash would. Dropping the
                    // heartbeat lets the next recovery pass of any live consumer hand the batch to someone else.
                    abandoned = true;
                    log.warn("Job handler for {} did not finish within {}; its batch is left for another consumer",
                            topic, settings.closeTimeout());
                    try {
                        queue.shared().sync().del(keys.heartbeat(topic, consumerId));
                    } catch (RuntimeException e) {
                        log.debug("Could not drop the heartbeat of {}: {}", topic, e.toString());
                    }
                    t.get().interrupt();
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            release();
        }

        /** Renews the liveness key, unless a handler has held its batch for too long (then peers may take it). */
        void heartbeat() {
            long since = batchSince;
            if (abandoned || stopping()
                    || (since != 0 && System.nanoTime() - since > settings.maxHandlerTime().toNanos())) {
                return;
            }
            try {
                queue.shared().async().set(keys.heartbeat(topic, consumerId), Long.toString(System.currentTimeMillis()),
                        io.lettuce.core.SetArgs.Builder.px(settings.consumerTimeout().toMillis()));
            } catch (RuntimeException e) {
                log.debug("Heartbeat of {} failed: {}", topic, e.toString());
            }
        }

        @Override
        protected void run() {
            try {
                poll();
            } catch (Throwable t) {
                log.error("Job consumer for {} stopped by a fatal error", topic, t);
                throw t;
            } finally {
                closeBlocking();
            }
        }

        private void poll() {
            Backoff backoff = new Backoff(settings.reconnectMinDelay(), settings.reconnectMaxDelay());
            while (!stopping()) {
                try {
                    recoverIfDue();
                    List<Delivery> batch = fetch();
                    if (stopping()) {
                        break; // whatever was fetched is released by close()
                    }
                    if (batch.isEmpty()) {
                        waitForMessage();
                    } else {
                        process(batch);
                    }
                    backoff.reset();
                } catch (RuntimeException e) {
                    if (stopping()) {
                        break;
                    }
                    Duration wait = backoff.next();
                    log.warn("Consuming job topic {} failed ({}); retrying in {} ms", topic, e.toString(), wait.toMillis());
                    pause(wait);
                }
            }
            log.debug("Job consumer for {} stopped", topic);
        }

        /**
         * Blocks until a message arrives (moving it to the processing list, where the next fetch finds it) or the
         * poll interval passes. A dedicated connection, since a blocking command holds its connection.
         */
        private void waitForMessage() {
            StatefulRedisConnection<String, String> c = blocking;
            if (c == null) {
                c = queue.client().connect(queue.uri());
                synchronized (this) {
                    blocking = c;
                }
                if (stopping()) {
                    closeBlocking();
                    return;
                }
            }
            // Stay well inside the command timeout, which also bounds a blocking command.
            long timeoutMs = Math.min(settings.pollInterval().toMillis(), queue.uri().getTimeout().toMillis() / 2);
            double seconds = Math.max(0.01, timeoutMs / 1000.0);
            c.sync().blmove(keys.jobList(topic), keys.processing(topic, consumerId), LMoveArgs.Builder.leftRight(), seconds);
        }

        private List<Delivery> fetch() {
            List<Object> reply = queue.shared().sync().eval(Scripts.FETCH, ScriptOutputType.MULTI,
                    new String[]{keys.jobList(topic), keys.processing(topic, consumerId), keys.deliveries(topic),
                            keys.retry(topic), keys.consumers(topic), keys.heartbeat(topic, consumerId)},
                    Integer.toString(settings.batchSize()), Long.toString(System.currentTimeMillis()), consumerId,
                    Long.toString(settings.consumerTimeout().toMillis()));
            List<Delivery> batch = new ArrayList<>(reply.size() / 2);
            for (int i = 0; i + 1 < reply.size(); i += 2) {
                batch.add(new Delivery((String) reply.get(i), ((Number) reply.get(i + 1)).longValue()));
            }
            return batch;
        }

        private void recoverIfDue() {
            long now = System.nanoTime();
            if (now - nextRecovery < 0) {
                return;
            }
            nextRecovery = now + settings.heartbeatInterval().toNanos();
            List<Object> counts = queue.shared().sync().eval(Scripts.RECOVER, ScriptOutputType.MULTI,
                    new String[]{keys.consumers(topic), keys.jobList(topic), keys.deliveries(topic), keys.failed(topic)},
                    keys.topicBase(topic), Integer.toString(settings.maxDeliveries()), Instant.now().toString(),
                    Integer.toString(settings.failedMaxLength()));
            long recovered = ((Number) counts.get(0)).longValue();
            long parked = ((Number) counts.get(1)).longValue();
            if (recovered > 0) {
                log.info("Recovered {} job messages on {} from consumers that stopped without finishing them", recovered, topic);
            }
            if (parked > 0) {
                log.error("Parked {} job messages on {}: no consumer finished them in {} deliveries", parked, topic,
                        settings.maxDeliveries());
            }
        }

        private void process(List<Delivery> batch) {
            batchSince = System.nanoTime();
            try {
                JobBatches.process(batch, this);
            } finally {
                batchSince = 0;
            }
        }

        @Override
        public void batchFailed(List<Delivery> batch, Throwable failure) {
            log.warn("Job batch of {} on {} failed ({}); retrying its messages one by one", batch.size(), topic,
                    failure.toString());
        }

        @Override
        public void abandon(List<Delivery> unhandled) {
            // Nothing to do: close() releases the processing list.
        }

        @Override
        public Optional<Throwable> handle(List<Delivery> batch) {
            return JobBatches.run(handler, batch.stream().map(d -> d.message(topic)).toList());
        }

        @Override
        public void acknowledge(List<Delivery> batch) {
            String[] payloads = batch.stream().map(Delivery::payload).toArray(String[]::new);
            JobBatches.acknowledge(() -> queue.shared().sync().eval(Scripts.ACK, ScriptOutputType.INTEGER,
                            new String[]{keys.processing(topic, consumerId), keys.deliveries(topic)}, payloads),
                    () -> abandoned).ifPresent(e ->
                    // Still in our processing list: the next fetch delivers them again (at least once).
                    log.warn("Could not acknowledge {} job messages on {} ({}); they will be delivered again",
                            batch.size(), topic, e.toString()));
        }

        @Override
        public void failed(Delivery d, Throwable error) {
            String text = JobBatches.describe(error);
            long due = System.currentTimeMillis()
                    + Backoff.exponential(settings.retryDelay(), (int) Math.min(d.deliverCount(), 30), MAX_RETRY_DELAY).toMillis();
            String outcome;
            try {
                outcome = queue.shared().sync().eval(Scripts.FAIL, ScriptOutputType.STATUS,
                        new String[]{keys.processing(topic, consumerId), keys.deliveries(topic), keys.retry(topic),
                                keys.failed(topic)},
                        d.payload(), text, Integer.toString(settings.maxDeliveries()), Long.toString(due),
                        UUID.randomUUID().toString().replace("-", ""), Instant.now().toString(),
                        Integer.toString(settings.failedMaxLength()));
            } catch (RuntimeException e) {
                // Still in our processing list: the next fetch delivers it again.
                log.warn("Could not record the failure of a job message on {}: {}", topic, e.toString());
                return;
            }
            switch (String.valueOf(outcome)) {
                case "parked" -> log.error("Job message {} on {} failed {} times and is parked on {}: {}",
                        sha1(d.payload()), topic, d.deliverCount(), keys.failed(topic), text);
                case "retry" -> log.warn("Job message {} on {} failed (delivery {} of {}); will retry: {}",
                        sha1(d.payload()), topic, d.deliverCount(), settings.maxDeliveries(), text);
                default -> log.debug("Job message {} on {} was taken over by another consumer", sha1(d.payload()), topic);
            }
        }

        /** Hands back whatever is still in the processing list and deregisters, at shutdown. */
        private void release() {
            try {
                Long released = queue.shared().sync().eval(Scripts.RELEASE, ScriptOutputType.INTEGER,
                        new String[]{keys.processing(topic, consumerId), keys.jobList(topic), keys.deliveries(topic),
                                keys.consumers(topic), keys.heartbeat(topic, consumerId)},
                        consumerId);
                if (released != null && released > 0) {
                    log.info("Handed {} unprocessed job messages on {} back to the queue", released, topic);
                }
            } catch (RuntimeException e) {
                // The heartbeat expires and a peer recovers the list.
                log.debug("Could not release the processing list of {}: {}", topic, e.toString());
            }
        }
    }

    static String sha1(String payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
