package io.toggleworks.spi.mq.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The consumers a message queue has handed out, so that closing the queue closes them first (a job batch that
 * finishes during shutdown still needs the queue's connections to acknowledge); refuses new ones once closed.
 */
public final class QueueConsumers {
    private final List<AutoCloseable> consumers = new CopyOnWriteArrayList<>();
    private boolean closed;

    /** Creates a consumer and keeps it; {@link IllegalStateException} once the queue is closed. */
    public synchronized <C extends AutoCloseable> C add(Supplier<C> create) {
        if (closed) {
            throw new IllegalStateException("message queue is closed");
        }
        C consumer = create.get();
        consumers.add(consumer);
        return consumer;
    }

    /**
     * Marks the queue closed and closes its consumers in the order they were made, handing what one throws to
     * {@code onFailure} and going on with the next.
     *
     * @return false when the queue was closed already (nothing was done)
     */
    public boolean close(Consumer<Exception> onFailure) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        for (AutoCloseable c : consumers) {
            try {
                c.close();
            } catch (Exception e) {
                onFailure.accept(e);
            }
        }
        return true;
    }
}
