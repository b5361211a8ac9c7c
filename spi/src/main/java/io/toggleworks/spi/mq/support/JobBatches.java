package io.toggleworks.spi.mq.support;

import io.toggleworks.spi.mq.JobConsumer.BatchHandler;
import io.toggleworks.spi.mq.JobMessage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * How a job consumer handles one fetched batch, the same for every engine that tracks deliveries itself: the whole
 * batch first; if it fails, each message alone, so that one bad message never holds back the others. What
 * acknowledging, failing or giving back a message means is the engine's ({@link Outcomes}).
 */
public final class JobBatches {
    /** Longest error text kept with a failed message. */
    public static final int MAX_ERROR_LENGTH = 4_000;
    private static final int ACKNOWLEDGE_ATTEMPTS = 5;

    private JobBatches() {
    }

    /** What the engine does with the outcome of each handler call; {@code D} is its delivery of one message. */
    public interface Outcomes<D> {
        /** Runs the handler on {@code deliveries}; what it threw, or empty when it returned. */
        Optional<Throwable> handle(List<D> deliveries);

        void acknowledge(List<D> handled);

        /** {@code delivery} failed alone: retry it later or park it. */
        void failed(D delivery, Throwable error);

        /** The consumer is stopping before {@code unhandled} were handled; give them back as the engine can. */
        void abandon(List<D> unhandled);

        /** A batch of several failed; its messages are tried one by one next (for a log line). */
        void batchFailed(List<D> batch, Throwable error);

        boolean stopping();
    }

    /** Handles {@code batch}: acknowledged when the handler returns, else split, as the class describes. */
    public static <D> void process(List<D> batch, Outcomes<D> outcomes) {
        Optional<Throwable> failure = outcomes.handle(batch);
        if (failure.isEmpty()) {
            outcomes.acknowledge(batch);
            return;
        }
        if (outcomes.stopping()) {
            outcomes.abandon(batch);
            return;
        }
        if (batch.size() == 1) {
            outcomes.failed(batch.getFirst(), failure.get());
            return;
        }
        outcomes.batchFailed(batch, failure.get());
        for (int i = 0; i < batch.size(); i++) {
            D d = batch.get(i);
            if (outcomes.stopping()) {
                outcomes.abandon(batch.subList(i, batch.size()));
                return;
            }
            Optional<Throwable> single = outcomes.handle(List.of(d));
            if (single.isEmpty()) {
                outcomes.acknowledge(List.of(d));
            } else {
                outcomes.failed(d, single.get());
            }
        }
    }

    /** Runs {@code handler}; what it threw, or empty. A {@link VirtualMachineError} is not a message's fault: rethrown. */
    public static Optional<Throwable> run(BatchHandler handler, List<JobMessage> messages) {
        try {
            handler.handle(messages);
            return Optional.empty();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return Optional.of(t);
        }
    }

    /** One acknowledgement attempt (a store round trip). */
    @FunctionalInterface
    public interface Attempt {
        void run() throws Exception;
    }

    /**
     * Acknowledges with a few tries, 100 ms apart and doubling, since a lost acknowledgement means the batch is
     * handled twice; stops early when {@code giveUp} says so after a failure.
     *
     * @return the last failure when the acknowledgement did not happen (the caller says the batch comes again);
     *         empty when it succeeded, or when interrupted while waiting (the interrupt is kept)
     */
    public static Optional<Exception> acknowledge(Attempt attempt, BooleanSupplier giveUp) {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        for (int i = 1; ; i++) {
            try {
                attempt.run();
                return Optional.empty();
            } catch (Exception e) {
                if (i >= ACKNOWLEDGE_ATTEMPTS || giveUp.getAsBoolean()) {
                    return Optional.of(e);
                }
                try {
                    Thread.sleep(backoff.next());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    /** The error text kept with a failed message: class and message, at most {@link #MAX_ERROR_LENGTH} characters. */
    public static String describe(Throwable t) {
        String text = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }
}
