package io.toggleworks.infra.kafka.mq;

import io.toggleworks.spi.mq.JobConsumer.BatchHandler;
import io.toggleworks.spi.mq.JobMessage;
import io.toggleworks.spi.mq.support.Backoff;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The loop of one {@link KafkaJobConsumer} on one job topic: one member of the shared job consumer group ({@code Kafka__Consumer__group.id}, FeatBit's {@code featbit-api}
 * by default) on one job topic. Offsets are committed only after the handler returned, synchronously, so a crash
 * redelivers the batch to the member that takes over its partitions (FeatBit stores the offset even when the
 * handler failed, and commits every 5 s, so failures are skipped).
 *
 * <p>A failed batch is retried one message at a time, at once and then with a doubling delay; a message that fails
 * {@code MaxDeliveries} times is sent to {@code toggleworks.parked.<topic>} (value unchanged, the error and
 * delivery count in headers) and its offset committed, so a malformed message never holds back its partition for
 * longer than its retries. Delivery counts live in memory: a message that kills the process is not counted.
 *
 * <p>The handler runs on the polling thread, so a batch including its retries must finish within
 * {@code max.poll.interval.ms} (5 minutes by default); a member that takes longer, or hangs, is removed from the group
 * by the client and its uncommitted batch goes to another member.
 */
final class JobTopicLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobTopicLoop.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);

    private final Supplier<Consumer<String, String>> factory;
    private final Producer<String, String> parking;
    private final KafkaQueueSettings settings;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile Consumer<String, String> consumer;
    private Thread thread;

    JobTopicLoop(Supplier<Consumer<String, String>> factory, Producer<String, String> parking,
                     KafkaQueueSettings settings) {
        this.factory = factory;
        this.parking = parking;
        this.settings = settings;
    }

    synchronized void start(String topic, BatchHandler handler) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        consumer = factory.get();
        thread = Thread.ofPlatform().name("kafka-jobs-" + topic).daemon().start(() -> run(topic, handler));
    }

    /** Thrown inside a batch when the consumer is closing: leave the batch uncommitted. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    private void run(String topic, BatchHandler handler) {
        Consumer<String, String> c = consumer;
        Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        try {
            c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // The last batch is done (we only poll between batches); commit it before others take over.
                    commitPending(c, pending, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    partitions.forEach(pending::remove);
                }
            });
            while (!closing) {
                try {
                    ConsumerRecords<String, String> records = c.poll(settings.pollInterval());
                    if (records.isEmpty()) {
                        commitPending(c, pending, null); // a commit that failed earlier (broker away) is retried
                        continue;
                    }
                    process(topic, records, handler);
                    records.partitions().forEach(tp -> {
                        List<ConsumerRecord<String, String>> rs = records.records(tp);
                        pending.put(tp, new OffsetAndMetadata(rs.getLast().offset() + 1));
                    });
                    commitPending(c, pending, null);
                    backoff.reset();
                } catch (WakeupException | Abandoned e) {
                    // closing
                } catch (KafkaException e) {
                    if (closing) {
                        break;
                    }
                    Duration pause = backoff.next();
                    LOG.warn("Kafka job consumer on {} failed, retrying in {}: {}", topic, pause, e.toString());
                    waitClosing(pause);
                }
            }
        } finally {
            try {
                commitPending(c, pending, null);
            } catch (RuntimeException e) {
                LOG.debug("last commit before closing", e);
            }
            try {
                c.close(Duration.ofSeconds(5)); // leaves the group at once, so peers take over without waiting
            } catch (RuntimeException e) {
                LOG.debug("closing the Kafka job consumer", e);
            }
        }
    }

    /** Commits what is handled; {@code only} limits it to some partitions (those being revoked). */
    private void commitPending(Consumer<String, String> c, Map<TopicPartition, OffsetAndMetadata> pending,
                               Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>(pending);
        if (only != null) {
            toCommit.keySet().retainAll(only);
        }
        if (toCommit.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                c.commitSync(toCommit);
                toCommit.keySet().forEach(pending::remove);
                return;
            } catch (WakeupException e) {
                if (attempt >= 2) {
                    throw e;
                }
                // close() woke us while the batch ran: the batch is done, so commit it anyway.
            } catch (RebalanceInProgressException e) {
                // Kept: committed in onPartitionsRevoked during the rebalance the next poll joins.
                return;
            } catch (CommitFailedException e) {
                // This member was removed from the group (too slow); the new owner redelivers the batch.
                LOG.warn("Kafka commit failed, the batch will be delivered again: {}", e.toString());
                toCommit.keySet().forEach(pending::remove);
                return;
            }
        }
    }

    private void process(String topic, ConsumerRecords<String, String> records, BatchHandler handler) {
        List<JobMessage> batch = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            if (r.value() != null && !r.value().isBlank()) {
                batch.add(new JobMessage(r.topic() + "-" + r.partition() + "@" + r.offset(), topic, r.value()));
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        Exception failure;
        try {
            handler.handle(List.copyOf(batch));
            return;
        } catch (Exception e) {
            failure = e;
        }
        if (closing) {
            throw new Abandoned();
        }
        LOG.warn("job batch of {} on {} failed ({}); retrying its messages one by one", batch.size(), topic, failure.toString());
        for (JobMessage m : batch) {
            retryAlone(m, handler, failure, batch.size() > 1);
        }
    }

    /**
     * Retries one message of a failed batch until it succeeds or has been delivered {@code MaxDeliveries} times (the
     * batch counting as one); it is tried alone at least once, since the batch may have failed for another message.
     */
    private void retryAlone(JobMessage m, BatchHandler handler, Exception batchError, boolean mustTry) {
        int deliveries = 1;
        Exception last = batchError;
        while (true) {
            if (closing) {
                throw new Abandoned();
            }
            if (deliveries >= settings.maxDeliveries() && !mustTry) {
                park(m, last, deliveries);
                return;
            }
            mustTry = false;
            if (deliveries >= 2) {
                waitClosing(Backoff.exponential(settings.retryDelay(), deliveries - 1, MAX_RETRY_DELAY));
                if (closing) {
                    throw new Abandoned();
                }
            }
            deliveries++;
            try {
                handler.handle(List.of(m));
                return;
            } catch (Exception e) {
                last = e;
                LOG.debug("job message {} failed (delivery {})", m.id(), deliveries, e);
            }
        }
    }

    private void park(JobMessage m, Exception error, int deliveries) {
        String reason = error == null ? "unknown" : error.toString();
        LOG.warn("job message {} failed {} times; parked on {}: {}", m.id(), deliveries, KafkaTopics.parked(m.topic()), reason);
        ProducerRecord<String, String> record = new ProducerRecord<>(KafkaTopics.parked(m.topic()),
                MessageKeys.envId(m.jsonPayload()).orElse(null), m.jsonPayload());
        record.headers()
                .add(new RecordHeader("error", utf8(reason.length() > 2000 ? reason.substring(0, 2000) : reason)))
                .add(new RecordHeader("deliveries", utf8(Integer.toString(deliveries))))
                .add(new RecordHeader("parkedAt", utf8(Instant.now().toString())))
                .add(new RecordHeader("source", utf8(m.id())));
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        while (true) {
            try {
                parking.send(record).get(30, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Abandoned();
            } catch (Exception e) {
                // Not committed until it is parked: keep trying, as long as we are not closing.
                if (closing) {
                    throw new Abandoned();
                }
                LOG.warn("could not park job message {} yet: {}", m.id(), e.toString());
                waitClosing(backoff.next());
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void waitClosing(Duration d) {
        try {
            closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing = true;
        closed.countDown();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        consumer.wakeup();
        try {
            t.join(settings.closeTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
