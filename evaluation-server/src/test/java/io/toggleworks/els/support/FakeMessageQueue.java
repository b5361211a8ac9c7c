package io.toggleworks.els.support;

import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.MessageProducer;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.RealtimeConsumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory {@link MessageQueue}: published job messages are recorded, real-time messages are delivered by
 * {@link #deliver} to the started consumer. {@code publishDelayMs} makes the producer slow, to test flushing.
 */
public final class FakeMessageQueue implements MessageQueue {
    public record Published(String topic, String payload) {
    }

    private final List<Published> published = new CopyOnWriteArrayList<>();
    private final List<RealtimeConsumer.Handler> handlers = new CopyOnWriteArrayList<>();
    private final long publishDelayMs;
    private volatile boolean closed;

    public FakeMessageQueue(long publishDelayMs) {
        this.publishDelayMs = publishDelayMs;
    }

    public FakeMessageQueue() {
        this(0);
    }

    public List<Published> published(String topic) {
        List<Published> out = new ArrayList<>();
        for (Published p : published) {
            if (p.topic().equals(topic)) {
                out.add(p);
            }
        }
        return out;
    }

    public void deliver(String topic, String payload) {
        handlers.forEach(h -> h.onMessage(topic, payload));
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public MessageProducer producer() {
        return (topic, payload) -> {
            if (closed) {
                throw new IllegalStateException("queue closed before a message was published");
            }
            if (publishDelayMs > 0) {
                try {
                    Thread.sleep(publishDelayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            published.add(new Published(topic, payload));
        };
    }

    @Override
    public RealtimeConsumer realtimeConsumer() {
        return new RealtimeConsumer() {
            private Handler handler;

            @Override
            public void start(Handler h) {
                handler = h;
                handlers.add(h);
            }

            @Override
            public void close() {
                handlers.remove(handler);
            }
        };
    }

    @Override
    public JobConsumer jobConsumer() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        closed = true;
    }
}
