package io.toggleworks.infra.kafka.mq;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RealtimeOrderTest {
    private static final long MS = 1_000_000L;
    private final RealtimeOrder order = new RealtimeOrder(Duration.ofMillis(200));

    private static RealtimeOrder.Message m(int i) {
        return new RealtimeOrder.Message("t", "m" + i);
    }

    private static List<String> payloads(List<RealtimeOrder.Message> ms) {
        return ms.stream().map(RealtimeOrder.Message::payload).toList();
    }

    @Test
    void firstMessageWaitsTheWindowThenNextOnesFlowInOrder() {
        assertThat(order.offer("p", 5, m(5), 0)).isEmpty();
        assertThat(order.nextDueNanos()).hasValue(200 * MS);
        assertThat(payloads(order.due(200 * MS))).containsExactly("m5");
        assertThat(payloads(order.offer("p", 6, m(6), 201 * MS))).containsExactly("m6");
    }

    @Test
    void aMessageArrivingBeforeItsPredecessorWaitsForIt() {
        order.offer("p", 0, m(0), 0);
        order.due(200 * MS);
        assertThat(order.offer("p", 2, m(2), 300 * MS)).isEmpty();
        assertThat(payloads(order.offer("p", 1, m(1), 310 * MS))).containsExactly("m1", "m2");
    }

    @Test
    void aGapIsSkippedAfterTheWindowAndALatePredecessorIsStillDelivered() {
        order.offer("p", 0, m(0), 0);
        order.due(200 * MS);
        order.offer("p", 2, m(2), 300 * MS);
        assertThat(payloads(order.due(500 * MS))).containsExactly("m2");
        assertThat(payloads(order.offer("p", 1, m(1), 600 * MS))).containsExactly("m1");
        assertThat(order.isEmpty()).isTrue();
    }

    @Test
    void producersAreIndependent() {
        order.offer("a", 0, m(0), 0);
        order.offer("b", 7, m(7), 0);
        assertThat(payloads(order.due(200 * MS))).containsExactlyInAnyOrder("m0", "m7");
        assertThat(payloads(order.offer("b", 8, m(8), 250 * MS))).containsExactly("m8");
        assertThat(order.offer("a", 2, m(2), 250 * MS)).isEmpty();
    }
}
