package io.toggleworks.els.insights;

import io.toggleworks.els.metrics.ElsMetrics;
import io.toggleworks.spi.mq.MessageProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Buffers job messages (end users, insights, usage) and hands them to the message queue in batches on background
 * threads, so a request never waits for the broker. {@link #close} stops intake and drains the buffer before
 * returning: events that SDKs already posted are not lost when the server stops.
 */
public final class JobPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobPublisher.class);
    private static final int BATCH = 500;

    private record Job(String topic, String payload) {
    }

    private final MessageProducer producer;
    private final BlockingQueue<Job> queue;
    private final List<Thread> drainers = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ElsMetrics metrics;
    private final Duration grace;

    public JobPublisher(MessageProducer producer, int capacity, int threads, Duration grace, ElsMetrics metrics) {
        this.producer = producer;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.metrics = metrics;
        this.grace = grace;
        metrics.gauge("els_job_messages_pending", () -> queue.size());
        for (int i = 0; i < threads; i++) {
            drainers.add(Thread.ofPlatform().daemon().name("els-job-publisher-" + i).start(this::drain));
        }
    }

    /**
     * Queues a message. When the buffer is full (the broker is down or too slow) the caller waits briefly, which
     * slows the sender rather than growing memory without bound; after that the message is dropped and counted.
     */
    public boolean publish(String topic, String payload) {
        if (closed.get()) {
            // Shutdown began and the drainers may be gone: hand it over directly.
            send(List.of(new Job(topic, payload)));
            return true;
        }
        try {
            if (queue.offer(new Job(topic, payload), 1, TimeUnit.SECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.inc("els_job_messages_dropped_total", "topic", topic);
        log.warn("job message buffer full; dropped a message for {}", topic);
        return false;
    }

    /** Queues a message only if that needs no wait (e.g. on an event loop); false when full or closing. */
    public boolean tryPublish(String topic, String payload) {
        return !closed.get() && queue.offer(new Job(topic, payload));
    }

    private void drain() {
        List<Job> batch = new ArrayList<>(BATCH);
        while (true) {
            Job first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (closed.get()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            send(batch);
            batch.clear();
        }
    }

    /** Hands a batch over per topic, in order: providers may write one topic's messages in one round trip. */
    private void send(List<Job> batch) {
        Map<String, List<String>> byTopic = new LinkedHashMap<>();
        for (Job j : batch) {
            byTopic.computeIfAbsent(j.topic, t -> new ArrayList<>()).add(j.payload);
        }
        byTopic.forEach((topic, payloads) -> {
            try {
                producer.publishAll(topic, payloads);
                metrics.add("els_job_messages_published_total", payloads.size(), "topic", topic);
            } catch (RuntimeException e) {
                metrics.add("els_job_messages_failed_total", payloads.size(), "topic", topic);
                log.warn("publishing {} {} message(s) failed: {}", payloads.size(), topic, e.toString());
            }
        });
    }

    public int pending() {
        return queue.size();
    }

    /** Stops intake and waits (up to the grace period) until every buffered message was handed to the producer. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : drainers) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // Drainers gone or out of time: whatever is left goes out from this thread.
        List<Job> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (int i = 0; i < rest.size(); i += BATCH) {
            send(rest.subList(i, Math.min(rest.size(), i + BATCH)));
        }
        if (!rest.isEmpty()) {
            log.info("flushed {} buffered job message(s) at shutdown", rest.size());
        }
    }
}
