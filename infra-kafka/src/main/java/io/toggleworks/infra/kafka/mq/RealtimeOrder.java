package io.toggleworks.infra.kafka.mq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Puts real-time messages back in the order their producer sent them. Kafka orders records only within one
 * partition, while a flag change and the segment change that caused it travel on two topics; our producer numbers
 * its real-time messages ({@link KafkaTopics#SEQUENCE_HEADER}), and this class releases each producer's messages in
 * number order. A message waits at most {@code window} for a missing predecessor (which may have failed to send,
 * or been published before this consumer started); then it is released and the gap forgotten. A late predecessor
 * is still delivered, out of order rather than lost. The first message from a producer also waits the window,
 * since a predecessor may be on its way on another partition. Not thread-safe: one consumer thread owns it.
 */
final class RealtimeOrder {
    record Message(String topic, String payload) {
    }

    private record Held(Message message, long since) {
    }

    private static final class Producer {
        long next = -1;
        long lastSeen;
        final TreeMap<Long, Held> held = new TreeMap<>();
    }

    private static final long FORGET_AFTER_NANOS = 3_600_000_000_000L;

    private final long windowNanos;
    private final Map<String, Producer> producers = new HashMap<>();

    RealtimeOrder(java.time.Duration window) {
        this.windowNanos = window.toNanos();
    }

    /** Accepts a numbered message; returns those now due, in order. */
    List<Message> offer(String producerId, long seq, Message message, long nowNanos) {
        Producer p = producers.computeIfAbsent(producerId, k -> new Producer());
        p.lastSeen = nowNanos;
        List<Message> out = new ArrayList<>();
        if (p.next >= 0 && seq < p.next) {
            out.add(message); // late or repeated: deliver rather than lose; handlers are idempotent
            return out;
        }
        p.held.putIfAbsent(seq, new Held(message, nowNanos));
        drain(p, nowNanos, out);
        return out;
    }

    /** Messages whose wait is over. */
    List<Message> due(long nowNanos) {
        List<Message> out = new ArrayList<>();
        Iterator<Producer> it = producers.values().iterator();
        while (it.hasNext()) {
            Producer p = it.next();
            drain(p, nowNanos, out);
            if (p.held.isEmpty() && nowNanos - p.lastSeen > FORGET_AFTER_NANOS) {
                it.remove();
            }
        }
        return out;
    }

    /** When the next held message becomes due, if any is held. */
    OptionalLong nextDueNanos() {
        long min = Long.MAX_VALUE;
        for (Producer p : producers.values()) {
            if (!p.held.isEmpty()) {
                min = Math.min(min, p.held.firstEntry().getValue().since() + windowNanos);
            }
        }
        return min == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(min);
    }

    boolean isEmpty() {
        return producers.values().stream().allMatch(p -> p.held.isEmpty());
    }

    private void drain(Producer p, long nowNanos, List<Message> out) {
        while (!p.held.isEmpty()) {
            Map.Entry<Long, Held> head = p.held.firstEntry();
            long seq = head.getKey();
            boolean inOrder = p.next >= 0 && seq == p.next;
            boolean waitedEnough = nowNanos - head.getValue().since() >= windowNanos;
            if (!inOrder && !waitedEnough) {
                return;
            }
            p.held.pollFirstEntry();
            out.add(head.getValue().message());
            p.next = seq + 1;
        }
    }
}
