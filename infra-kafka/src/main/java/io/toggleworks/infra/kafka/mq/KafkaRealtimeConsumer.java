package io.toggleworks.infra.kafka.mq;

import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.mq.support.Backoff;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads every partition of the two change topics with {@code assign()}, not a consumer group: each instance reads
 * everything (FeatBit gets the same effect with a random group per process, leaving one stale group behind per
 * restart), and no rebalance ever pauses delivery. Positions live in memory; the Kafka client reconnects by itself
 * and continues from them, so a broker outage loses nothing that the log still holds.
 *
 * <p>At start the consumer seeks to the first records at most {@code RealtimeReplayMs} old (the end when there are
 * none), so a change published while the service was starting is not missed; a repeat is harmless because
 * handlers keep the newest version. Partitions added later are picked up within a minute, from their beginning.
 * If a position has fallen out of the log (retention passed during a very long outage) the consumer restarts at
 * the log start and tells the handler to resync.
 */
final class KafkaRealtimeConsumer implements RealtimeConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRealtimeConsumer.class);
    private static final Duration REFRESH = Duration.ofSeconds(60);

    private final Supplier<Consumer<String, String>> factory;
    private final KafkaQueueSettings settings;
    private final List<String> topics;
    private volatile boolean closing;
    private volatile Consumer<String, String> consumer;
    private Thread thread;

    KafkaRealtimeConsumer(Supplier<Consumer<String, String>> factory, KafkaQueueSettings settings, List<String> topics) {
        this.factory = factory;
        this.settings = settings;
        this.topics = topics;
    }

    @Override
    public synchronized void start(Handler handler) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        long startedAt = System.currentTimeMillis();
        consumer = factory.get();
        thread = Thread.ofPlatform().name("kafka-realtime").daemon().start(() -> run(handler, startedAt));
    }

    private void run(Handler handler, long startedAt) {
        Consumer<String, String> c = consumer;
        RealtimeOrder order = new RealtimeOrder(settings.reorderWindow());
        Set<TopicPartition> assigned = new HashSet<>();
        long nextRefresh = System.nanoTime();
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        try {
            while (!closing) {
                try {
                    if (System.nanoTime() - nextRefresh >= 0 || assigned.isEmpty()) {
                        assignNew(c, assigned, startedAt);
                        nextRefresh = System.nanoTime() + REFRESH.toNanos();
                        if (assigned.isEmpty()) {
                            LOG.warn("Kafka topics {} have no partitions yet; waiting", topics);
                            sleep(backoff.current());
                            continue;
                        }
                    }
                    for (ConsumerRecord<String, String> r : c.poll(pollTimeout(order))) {
                        accept(r, order, handler);
                    }
                    deliver(order.due(System.nanoTime()), handler);
                    backoff.reset();
                } catch (WakeupException e) {
                    // close() woke us
                } catch (OffsetOutOfRangeException | NoOffsetForPartitionException e) {
                    LOG.warn("real-time positions fell out of the Kafka log ({}); restarting at the log start and resyncing", e.toString());
                    c.seekToBeginning(assigned);
                    handler.onReconnected();
                } catch (KafkaException e) {
                    if (closing) {
                        break;
                    }
                    Duration pause = backoff.next();
                    LOG.warn("Kafka real-time consumer error, retrying in {}: {}", pause, e.toString());
                    sleep(pause);
                }
            }
        } finally {
            try {
                c.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the Kafka real-time consumer", e);
            }
        }
    }

    private void assignNew(Consumer<String, String> c, Set<TopicPartition> assigned, long startedAt) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = c.partitionsFor(topic);
            if (infos != null) {
                infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        List<TopicPartition> fresh = all.stream().filter(tp -> !assigned.contains(tp)).toList();
        if (fresh.isEmpty()) {
            return;
        }
        boolean first = assigned.isEmpty();
        Set<TopicPartition> next = new HashSet<>(assigned);
        next.addAll(fresh);
        c.assign(next);
        if (first) {
            Map<TopicPartition, Long> since = new HashMap<>();
            fresh.forEach(tp -> since.put(tp, Math.max(0, startedAt - settings.realtimeReplay().toMillis())));
            Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(since);
            List<TopicPartition> toEnd = new ArrayList<>();
            for (TopicPartition tp : fresh) {
                OffsetAndTimestamp at = found.get(tp);
                if (at == null) {
                    toEnd.add(tp);
                } else {
                    c.seek(tp, at.offset());
                }
            }
            c.seekToEnd(toEnd);
            toEnd.forEach(c::position); // resolve now: "the end" must mean the end at start, not at the first poll
        } else {
            // Partitions added while we run hold only messages published since: read them all.
            c.seekToBeginning(fresh);
        }
        assigned.addAll(fresh);
    }

    private Duration pollTimeout(RealtimeOrder order) {
        var due = order.nextDueNanos();
        if (due.isEmpty()) {
            return settings.pollInterval();
        }
        long wait = Math.max(1_000_000, due.getAsLong() - System.nanoTime());
        return Duration.ofNanos(Math.min(wait, settings.pollInterval().toNanos()));
    }

    private static void accept(ConsumerRecord<String, String> r, RealtimeOrder order, Handler handler) {
        if (r.value() == null || r.value().isBlank()) {
            return;
        }
        RealtimeOrder.Message m = new RealtimeOrder.Message(r.topic(), r.value());
        Header h = r.headers().lastHeader(KafkaTopics.SEQUENCE_HEADER);
        if (h != null) {
            String v = new String(h.value(), StandardCharsets.US_ASCII);
            int colon = v.lastIndexOf(':');
            if (colon > 0) {
                try {
                    long seq = Long.parseLong(v.substring(colon + 1));
                    deliver(order.offer(v.substring(0, colon), seq, m, System.nanoTime()), handler);
                    return;
                } catch (NumberFormatException e) {
                    // not ours: deliver as it comes
                }
            }
        }
        deliver(List.of(m), handler); // a FeatBit API's message: partition order is all there is
    }

    private static void deliver(List<RealtimeOrder.Message> messages, Handler handler) {
        for (RealtimeOrder.Message m : messages) {
            try {
                handler.onMessage(m.topic(), m.payload());
            } catch (RuntimeException e) {
                LOG.warn("real-time handler failed on a {} message; continuing: {}", m.topic(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        closing = true;
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
