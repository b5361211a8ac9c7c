package io.toggleworks.spi.mq.support;

import io.toggleworks.spi.mq.JobConsumer.BatchHandler;
import io.toggleworks.spi.mq.Topics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The topic loops of one job consumer, one per started topic ({@link Loop}): refuses real-time topics, a topic started twice and
 * starts after close; closing stops them all and waits for them together, within one timeout.
 *
 * @param <L> the provider's loop
 */
public final class JobTopicLoops<L extends JobTopicLoops.Loop> {

    /**
     * One topic's loop on its own thread: the topic, its handler and the stop signal. Fetching, acknowledging and
     * what becomes of an unfinished batch at shutdown are the engine's.
     */
    public abstract static class Loop {
        protected final String topic;
        protected final BatchHandler handler;
        private final CountDownLatch stop = new CountDownLatch(1);
        private volatile Thread thread;

        protected Loop(String topic, BatchHandler handler) {
            this.topic = topic;
            this.handler = handler;
        }

        public final String topic() {
            return topic;
        }

        /** The name of the loop's thread. */
        protected abstract String threadName();

        /** The loop itself, on its thread; it ends once {@link #stopping()}. */
        protected abstract void run();

        final void launch() {
            thread = Thread.ofPlatform().daemon().name(threadName()).start(this::run);
        }

        /** The loop's thread; empty before it was launched. */
        protected final Optional<Thread> thread() {
            return Optional.ofNullable(thread);
        }

        public final boolean stopping() {
            return stop.getCount() == 0;
        }

        /** Asks the loop to stop; returns at once. An engine that blocks in a call ends that call here too. */
        public void requestStop() {
            stop.countDown();
        }

        /** Waits {@code d}, or less if a stop is requested meanwhile; an interrupt counts as a stop request. */
        protected final void pause(Duration d) {
            try {
                stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                stop.countDown();
            }
        }

        /** Waits up to {@code nanos} for the loop's thread to end; what happens to an unfinished batch is the engine's. */
        protected abstract void awaitStop(long nanos);
    }

    private final List<L> loops = new CopyOnWriteArrayList<>();
    private boolean closed;

    /** Creates the loop of {@code topic}, keeps it and launches it. */
    public synchronized void start(String topic, Function<String, L> create) {
        if (closed) {
            throw new IllegalStateException("consumer is closed");
        }
        if (Topics.isRealTime(topic)) {
            throw new IllegalArgumentException(topic + " is a real-time topic; use a RealtimeConsumer");
        }
        if (loops.stream().anyMatch(l -> l.topic().equals(topic))) {
            throw new IllegalStateException("already consuming " + topic);
        }
        L loop = create.apply(topic);
        loops.add(loop);
        loop.launch();
    }

    public void forEach(Consumer<? super L> action) {
        loops.forEach(action);
    }

    /**
     * Stops every loop and waits for them, all within {@code timeout}.
     *
     * @return false when closed already (nothing was done)
     */
    public boolean close(Duration timeout) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        loops.forEach(Loop::requestStop);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (L loop : loops) {
            loop.awaitStop(Math.max(0, deadline - System.nanoTime()));
        }
        return true;
    }
}
