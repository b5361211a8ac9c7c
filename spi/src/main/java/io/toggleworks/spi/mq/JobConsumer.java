package io.toggleworks.spi.mq;

import java.util.List;

/**
 * Consumes a job topic in batches, at least once: a batch is acknowledged only when the handler returns; if the
 * handler throws, or the process dies before it returns, the messages are delivered again later. Several
 * instances share the work (each message goes to one of them). A message that keeps failing is parked, never
 * blocking the rest.
 *
 * <p>Handlers must therefore be idempotent, or leave nothing behind when they throw. After a batch fails, a
 * provider may deliver its messages again one at a time (as batches of one) to isolate the bad one.
 */
public interface JobConsumer extends AutoCloseable {

    @FunctionalInterface
    interface BatchHandler {
        void handle(List<JobMessage> batch) throws Exception;
    }

    /** Starts consuming {@code topic} on a background thread; returns at once. */
    void start(String topic, BatchHandler handler);

    @Override
    void close();
}
