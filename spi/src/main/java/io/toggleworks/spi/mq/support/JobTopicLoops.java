package io.toggleworks.spi.mq.support;

import io.toggleworks.spi.mq.Topics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The topic loops of one job consumer, one per started topic: refuses real-time topics, a topic started twice and
 * starts after close; closing stops them all and waits for them together, within one timeout.
 *
 * @param <L> the provider's loop
 */
public final class JobTopicLoops<L extends JobTopicLoops.Loop> {

    /** One topic's loop, running on its own thread. */
    public interface Loop {
        String topic();

        /** Starts the loop's thread. */
        void launch();

        /** Asks the loop to stop; returns at once. */
        void requestStop();

        /** Waits up to {@code nanos} for the loop's thread to end; what happens to an unfinished batch is the engine's. */
        void awaitStop(long nanos);
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
