package io.toggleworks.infra.kafka.mq;

import io.toggleworks.spi.mq.JobConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A job consumer: one {@link JobTopicLoop} (its own Kafka client and thread, a member of the shared group) per
 * topic it is started on.
 */
final class KafkaJobConsumer implements JobConsumer {
    private final Supplier<Consumer<String, String>> factory;
    private final Producer<String, String> parking;
    private final KafkaQueueSettings settings;
    private final List<JobTopicLoop> loops = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    KafkaJobConsumer(Supplier<Consumer<String, String>> factory, Producer<String, String> parking,
                     KafkaQueueSettings settings) {
        this.factory = factory;
        this.parking = parking;
        this.settings = settings;
    }

    @Override
    public synchronized void start(String topic, BatchHandler handler) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        JobTopicLoop loop = new JobTopicLoop(factory, parking, settings);
        loop.start(topic, handler);
        loops.add(loop);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        // In parallel: each may wait up to CloseTimeoutMs for its running batch.
        List<Thread> closers = loops.stream().map(l -> Thread.ofVirtual().start(l::close)).toList();
        for (Thread t : closers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
