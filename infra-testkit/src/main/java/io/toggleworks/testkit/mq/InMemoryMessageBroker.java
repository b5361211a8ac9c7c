package io.toggleworks.testkit.mq;

import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.JobMessage;
import io.toggleworks.spi.mq.MessageProducer;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.mq.Topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A message broker in memory with the semantics the conformance suite demands: real-time messages broadcast to
 * every consumer in order, job messages stored until acknowledged, redelivered after a visibility timeout or a
 * failure, and parked after {@code maxDeliveries}. A fake for services' tests (no database needed), and the proof
 * that {@link MessageQueueConformanceTest} asks nothing provider-specific. {@link #client()} is one service
 * instance's view of it; all clients share the broker.
 */
public final class InMemoryMessageBroker {
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration visibilityTimeout;
    private final int maxDeliveries;
    private final AtomicLong ids = new AtomicLong();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final List<StoredJob> jobs = new ArrayList<>(); // guarded by this

    public InMemoryMessageBroker(int batchSize, Duration pollInterval, Duration visibilityTimeout, int maxDeliveries) {
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.visibilityTimeout = visibilityTimeout;
        this.maxDeliveries = maxDeliveries;
    }

    /** Small batches, a 20 ms poll and a 1 s visibility timeout: quick to test with. */
    public static InMemoryMessageBroker forTests() {
        return new InMemoryMessageBroker(20, Duration.ofMillis(20), Duration.ofSeconds(1), 3);
    }

    public int maxDeliveries() {
        return maxDeliveries;
    }

    /** A new client, as one service instance would hold. */
    public MessageQueue client() {
        return new Client();
    }

    /** Payloads of job messages parked as failed on {@code topic}. */
    public synchronized List<String> parked(String topic) {
        return jobs.stream().filter(j -> j.topic.equals(topic) && j.parked).map(j -> j.payload).toList();
    }

    private static final class StoredJob {
        final long id;
        final String topic;
        final String payload;
        long invisibleUntilNanos;
        int deliveries;
        boolean parked;

        StoredJob(long id, String topic, String payload) {
            this.id = id;
            this.topic = topic;
            this.payload = payload;
        }
    }

    private synchronized void store(String topic, String payload) {
        jobs.add(new StoredJob(ids.incrementAndGet(), topic, payload));
    }

    private synchronized List<StoredJob> fetch(String topic) {
        long now = System.nanoTime();
        List<StoredJob> batch = jobs.stream()
                .filter(j -> j.topic.equals(topic) && !j.parked && j.invisibleUntilNanos - now <= 0)
                .sorted(Comparator.comparingLong(j -> j.id))
                .limit(batchSize)
                .toList();
        for (StoredJob j : batch) {
            if (j.deliveries >= maxDeliveries) {
                j.parked = true; // its consumers died every time
                continue;
            }
            j.deliveries++;
            j.invisibleUntilNanos = now + visibilityTimeout.toNanos();
        }
        return batch.stream().filter(j -> !j.parked).toList();
    }

    private synchronized void acknowledge(List<StoredJob> batch) {
        jobs.removeAll(batch);
    }

    private synchronized void failed(StoredJob job) {
        if (job.deliveries >= maxDeliveries) {
            job.parked = true;
        } else {
            job.invisibleUntilNanos = System.nanoTime();
        }
    }

    private void broadcast(String topic, String payload) {
        subscribers.forEach(s -> s.inbox.add(new String[]{topic, payload}));
    }

    private final class Client implements MessageQueue {
        private final List<AutoCloseable> consumers = new CopyOnWriteArrayList<>();

        @Override
        public MessageProducer producer() {
            return (topic, json) -> {
                Objects.requireNonNull(json, "jsonPayload");
                if (Topics.isRealTime(topic)) {
                    broadcast(topic, json);
                } else {
                    store(topic, json);
                }
            };
        }

        @Override
        public RealtimeConsumer realtimeConsumer() {
            Subscriber s = new Subscriber();
            consumers.add(s);
            return s;
        }

        @Override
        public JobConsumer jobConsumer() {
            Jobs j = new Jobs();
            consumers.add(j);
            return j;
        }

        @Override
        public void close() {
            for (AutoCloseable c : consumers) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // our consumers do not throw
                }
            }
        }
    }

    private final class Subscriber implements RealtimeConsumer {
        final BlockingQueue<String[]> inbox = new LinkedBlockingQueue<>();
        volatile Thread thread;
        volatile boolean closed;

        @Override
        public void start(Handler handler) {
            subscribers.add(this);
            thread = Thread.ofPlatform().daemon().name("in-memory-realtime").start(() -> {
                while (!closed) {
                    try {
                        String[] m = inbox.poll(100, TimeUnit.MILLISECONDS);
                        if (m != null) {
                            handler.onMessage(m[0], m[1]);
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // a failing handler must not stop the stream
                    }
                }
            });
        }

        @Override
        public void close() {
            closed = true;
            subscribers.remove(this);
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    private final class Jobs implements JobConsumer {
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public void start(String topic, BatchHandler handler) {
            if (Topics.isRealTime(topic)) {
                throw new IllegalArgumentException(topic + " is a real-time topic");
            }
            threads.add(Thread.ofPlatform().daemon().name("in-memory-jobs-" + topic).start(() -> {
                while (stop.getCount() > 0) {
                    List<StoredJob> batch = fetch(topic);
                    if (!batch.isEmpty() && !handle(handler, batch)) {
                        for (StoredJob j : batch) {
                            if (stop.getCount() == 0) {
                                break;
                            }
                            if (!handle(handler, List.of(j))) {
                                failed(j);
                            }
                        }
                    }
                    if (batch.size() < batchSize) {
                        try {
                            stop.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }));
        }

        private boolean handle(BatchHandler handler, List<StoredJob> batch) {
            try {
                handler.handle(batch.stream().map(j -> new JobMessage(Long.toString(j.id), j.topic, j.payload)).toList());
                acknowledge(batch);
                return true;
            } catch (Exception | AssertionError e) {
                return false;
            }
        }

        @Override
        public void close() {
            stop.countDown();
            for (Thread t : threads) {
                try {
                    if (!t.join(Duration.ofMillis(500))) {
                        t.interrupt(); // abandoned, as a crash: the batch comes back after the visibility timeout
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
