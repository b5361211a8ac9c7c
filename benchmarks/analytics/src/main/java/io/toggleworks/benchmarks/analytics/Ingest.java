package io.toggleworks.benchmarks.analytics;

import io.toggleworks.spi.analytics.AnalyticsStore;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Appends the event set to a store: one thread makes the batches (so generating them overlaps with the store's
 * work), {@code writers} threads each call {@link AnalyticsStore#append} with one batch at a time, as the DAS's
 * job consumers do. Stops early, with what got in so far, when the time budget runs out.
 */
final class Ingest {
    private static final EventSet.Batch END = new EventSet.Batch(java.util.List.of(), 0, 0);

    record Result(long events, long hotFlagEvents, long typicalFlagEvents, long wallNanos, long generatorCpuNanos,
                  long[] appendNanos, boolean complete, String failure) {
        double eventsPerSecond() {
            return wallNanos == 0 ? 0 : events * 1e9 / wallNanos;
        }

        double appendMillis(double percentile) {
            if (appendNanos.length == 0) {
                return 0;
            }
            long[] sorted = appendNanos.clone();
            Arrays.sort(sorted);
            int i = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e6;
        }
    }

    private Ingest() {
    }

    static Result run(AnalyticsStore store, EventSet set, int writers, Duration budget, String label) {
        BlockingQueue<EventSet.Batch> queue = new ArrayBlockingQueue<>(writers * 2);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong events = new AtomicLong();
        AtomicLong hot = new AtomicLong();
        AtomicLong typical = new AtomicLong();
        AtomicLong generatorCpu = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>("");
        long[] appendNanos = new long[set.batches()];
        AtomicLong appended = new AtomicLong();
        long started = System.nanoTime();

        Thread producer = Thread.ofPlatform().name("generator").start(() -> {
            try {
                for (int i = 0; i < set.batches() && !stop.get(); i++) {
                    queue.put(set.batch(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                generatorCpu.set(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                for (int w = 0; w < writers; w++) {
                    try {
                        queue.put(END);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        Thread[] writerThreads = new Thread[writers];
        for (int w = 0; w < writers; w++) {
            writerThreads[w] = Thread.ofPlatform().name("writer-" + w).start(() -> {
                try {
                    while (true) {
                        EventSet.Batch batch = queue.take();
                        if (batch == END) {
                            return;
                        }
                        if (!failure.get().isEmpty()) {
                            continue; // drain so the producer can finish
                        }
                        long t0 = System.nanoTime();
                        try {
                            store.append(batch.events());
                        } catch (RuntimeException e) {
                            failure.compareAndSet("", e.toString());
                            stop.set(true);
                            continue;
                        }
                        appendNanos[(int) appended.getAndIncrement()] = System.nanoTime() - t0;
                        events.addAndGet(batch.events().size());
                        hot.addAndGet(batch.hotFlagEvents());
                        typical.addAndGet(batch.typicalFlagEvents());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        long nextReport = started + Duration.ofSeconds(15).toNanos();
        long lastEvents = 0;
        long lastTime = started;
        for (Thread t : writerThreads) {
            while (t.isAlive()) {
                try {
                    t.join(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.set(true);
                }
                long now = System.nanoTime();
                if (!budget.isZero() && now - started > budget.toNanos() && !stop.get()) {
                    System.out.printf("  %s: ingest budget of %d s reached, stopping at %,d events%n", label,
                            budget.toSeconds(), events.get());
                    stop.set(true);
                }
                if (now >= nextReport) {
                    long e = events.get();
                    System.out.printf("  %s: %,d / %,d events, %,.0f events/s over the last %.0f s, load %s%n", label, e,
                            set.total(), (e - lastEvents) * 1e9 / (now - lastTime), (now - lastTime) / 1e9,
                            ProcCpu.loadAverage());
                    lastEvents = e;
                    lastTime = now;
                    nextReport = now + Duration.ofSeconds(15).toNanos();
                }
            }
        }
        long wall = System.nanoTime() - started;
        try {
            producer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(events.get(), hot.get(), typical.get(), wall, generatorCpu.get(),
                Arrays.copyOf(appendNanos, (int) appended.get()), events.get() == set.total() && failure.get().isEmpty(),
                failure.get());
    }
}
