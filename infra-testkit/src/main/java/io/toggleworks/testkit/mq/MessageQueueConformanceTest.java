package io.toggleworks.testkit.mq;

import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.JobMessage;
import io.toggleworks.spi.mq.MessageProducer;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.mq.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one conformance suite for {@link MessageQueue} implementations (Postgres, Redis, Kafka, ...). A provider
 * module runs it by subclassing and returning a new client of one shared, isolated back end from
 * {@link #openQueue()}; the provider should be configured with short poll intervals and visibility timeouts so the
 * suite stays fast.
 *
 * <p>Every case tags its payloads with a random run id and ignores anything else, so left-overs from other cases
 * or other runs on the same back end cannot confuse it. No case asserts a duration: waits only bound how long the
 * suite is patient.
 */
@Timeout(180)
public abstract class MessageQueueConformanceTest {

    /**
     * A new client of this test class's back end, as another service instance would open it (its own connections).
     * The suite closes every queue it opened after each case.
     */
    protected abstract MessageQueue openQueue();

    /**
     * Makes the back end drop every client connection at once, as a brief outage or failover would (for PostgreSQL:
     * {@code pg_terminate_backend}). Providers that cannot simulate this leave the default, which skips the cases.
     */
    protected void interruptConnections() throws Exception {
        Assumptions.abort("this provider cannot simulate an outage");
    }

    /** Payloads of the job messages the provider has parked as failed on {@code topic}, when it can tell. */
    protected Optional<List<String>> parkedPayloads(String topic) throws Exception {
        return Optional.empty();
    }

    /** The provider's configured number of deliveries after which a failing job message is parked. */
    protected int maxDeliveries() {
        return 5;
    }

    /** How long to wait for something that must happen. */
    protected Duration patience() {
        return Duration.ofSeconds(60);
    }

    private final List<MessageQueue> opened = new CopyOnWriteArrayList<>();
    private final List<CountDownLatch> toRelease = new CopyOnWriteArrayList<>();
    private String run;

    @BeforeEach
    final void newRun() {
        run = UUID.randomUUID().toString();
    }

    @AfterEach
    final void closeQueues() throws InterruptedException {
        toRelease.forEach(CountDownLatch::countDown);
        List<Thread> closers = new ArrayList<>();
        for (MessageQueue q : opened) {
            closers.add(Thread.ofVirtual().start(q::close));
        }
        for (Thread t : closers) {
            t.join(Duration.ofSeconds(30));
        }
        opened.clear();
        toRelease.clear();
    }

    // ---------------------------------------------------------------- real-time topics

    @Test
    @DisplayName("real-time messages arrive in the order they were published")
    void realtimeMessagesArriveInOrder() {
        MessageQueue queue = queue();
        RealtimeLog log = new RealtimeLog();
        startRealtime(queue, log);
        awaitFlowing(queue.producer(), List.of(log));

        int count = 100;
        for (int i = 0; i < count; i++) {
            queue.producer().publish(realtimeTopic(i), message(i));
        }
        await("all " + count + " real-time messages", () -> log.distinctSeqs().size() == count);
        assertThat(log.firstOccurrenceOrder()).containsExactlyElementsOf(range(count));
        log.entries().forEach(e -> assertThat(e.topic()).isEqualTo(realtimeTopic(e.seq())));
    }

    @Test
    @DisplayName("every real-time consumer receives every message (fan-out)")
    void realtimeFanOut() {
        List<RealtimeLog> logs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RealtimeLog log = new RealtimeLog();
            startRealtime(queue(), log);
            logs.add(log);
        }
        MessageProducer producer = queue().producer();
        awaitFlowing(producer, logs);

        int count = 30;
        for (int i = 0; i < count; i++) {
            producer.publish(realtimeTopic(i), message(i));
        }
        for (int c = 0; c < logs.size(); c++) {
            RealtimeLog log = logs.get(c);
            await("consumer " + c + " to receive all " + count + " messages", () -> log.distinctSeqs().size() == count);
            assertThat(log.distinctSeqs()).containsExactlyInAnyOrderElementsOf(range(count));
        }
    }

    @Test
    @DisplayName("a real-time handler that throws does not stop the stream")
    void realtimeHandlerFailureDoesNotStopDelivery() {
        MessageQueue queue = queue();
        RealtimeLog log = new RealtimeLog();
        RealtimeConsumer consumer = queue.realtimeConsumer();
        consumer.start((topic, json) -> {
            log.record(topic, json);
            if (json.contains(run) && seqOf(json).filter(s -> s % 3 == 0).isPresent()) {
                throw new IllegalStateException("handler failure injected by the conformance suite");
            }
        });
        awaitFlowing(queue.producer(), List.of(log));
        int count = 12;
        for (int i = 0; i < count; i++) {
            queue.producer().publish(Topics.SEGMENT_CHANGE, message(i));
        }
        await("all messages despite failing handlers", () -> log.distinctSeqs().size() == count);
    }

    @Test
    @DisplayName("real-time consumers see no job messages and job consumers no real-time ones")
    void topicsAreSeparate() {
        MessageQueue queue = queue();
        RealtimeLog realtime = new RealtimeLog();
        startRealtime(queue, realtime);
        JobLog jobs = new JobLog();
        JobConsumer jobConsumer = queue.jobConsumer();
        jobConsumer.start(Topics.INSIGHTS, jobs::record);
        awaitFlowing(queue.producer(), List.of(realtime));

        for (int i = 0; i < 5; i++) {
            queue.producer().publish(Topics.END_USERS, message(i));
            queue.producer().publish(Topics.INSIGHTS, message(100 + i));
        }
        for (int i = 0; i < 5; i++) {
            queue.producer().publish(Topics.FEATURE_FLAG_CHANGE, message(200 + i));
        }
        await("real-time messages", () -> realtime.distinctSeqs().size() == 5);
        await("insight job messages", () -> jobs.distinctSeqs().size() == 5);
        assertThat(realtime.distinctSeqs()).containsExactlyInAnyOrderElementsOf(range(200, 205));
        assertThat(jobs.distinctSeqs()).containsExactlyInAnyOrderElementsOf(range(100, 105));
        assertThat(jobs.topics()).containsOnly(Topics.INSIGHTS);
    }

    @Test
    @DisplayName("a real-time consumer reconnects after the server drops it, and loses nothing")
    void realtimeReconnectWithoutLoss() throws Exception {
        MessageQueue queue = queue();
        RealtimeLog log = new RealtimeLog();
        startRealtime(queue, log);
        awaitFlowing(queue.producer(), List.of(log));

        for (int i = 0; i < 10; i++) {
            queue.producer().publish(realtimeTopic(i), message(i));
        }
        await("messages before the outage", () -> log.distinctSeqs().size() == 10);

        interruptConnections();
        // Published while the consumer is (probably) still reconnecting: must be replayed, not lost.
        for (int i = 10; i < 20; i++) {
            queue.producer().publish(realtimeTopic(i), message(i));
        }
        await("messages published during the outage", () -> log.distinctSeqs().size() == 20);

        interruptConnections();
        for (int i = 20; i < 30; i++) {
            queue.producer().publish(realtimeTopic(i), message(i));
        }
        await("messages after a second outage", () -> log.distinctSeqs().size() == 30);
        assertThat(log.distinctSeqs()).containsExactlyInAnyOrderElementsOf(range(30));
    }

    // ---------------------------------------------------------------- job topics

    @Test
    @DisplayName("job messages published before any consumer runs are all delivered, in several batches")
    void jobMessagesAreDeliveredAtLeastOnce() {
        MessageQueue queue = queue();
        int count = 250;
        for (int i = 0; i < count; i++) {
            queue.producer().publish(Topics.END_USERS, message(i));
        }
        JobLog log = new JobLog();
        queue.jobConsumer().start(Topics.END_USERS, log::record);
        await("all " + count + " job messages", () -> log.distinctSeqs().size() == count);
        assertThat(log.distinctSeqs()).containsExactlyInAnyOrderElementsOf(range(count));
        assertThat(log.topics()).containsOnly(Topics.END_USERS);
    }

    @Test
    @DisplayName("job messages published as a batch are all delivered")
    void batchPublishedJobMessagesAreDelivered() {
        MessageQueue queue = queue();
        JobLog log = new JobLog();
        queue.jobConsumer().start(Topics.INSIGHTS, log::record);
        int count = 500;
        for (int from = 0; from < count; from += 100) {
            queue.producer().publishAll(Topics.INSIGHTS, range(from, from + 100).stream().map(this::message).toList());
        }
        queue.producer().publishAll(Topics.INSIGHTS, List.of());
        await("all " + count + " batch-published messages", () -> log.distinctSeqs().size() == count);
        assertThat(log.distinctSeqs()).containsExactlyInAnyOrderElementsOf(range(count));
    }

    @Test
    @DisplayName("a closed job consumer receives nothing more; a new one gets the rest")
    void closedJobConsumerStops() {
        MessageQueue queue = queue();
        JobLog first = new JobLog();
        JobConsumer consumer = queue.jobConsumer();
        consumer.start(Topics.END_USERS, first::record);
        for (int i = 0; i < 5; i++) {
            queue.producer().publish(Topics.END_USERS, message(i));
        }
        await("messages before close", () -> first.distinctSeqs().size() == 5);
        consumer.close();
        int seenBeforeClose = first.seqs().size();
        for (int i = 5; i < 10; i++) {
            queue.producer().publish(Topics.END_USERS, message(i));
        }
        JobLog second = new JobLog();
        queue().jobConsumer().start(Topics.END_USERS, second::record);
        await("the new consumer to get the messages published after close", () -> second.distinctSeqs().containsAll(range(5, 10)));
        assertThat(first.seqs()).as("nothing delivered to a closed consumer").hasSize(seenBeforeClose);
    }

    @Test
    @DisplayName("competing job consumers get disjoint messages and together all of them")
    void competingJobConsumers() {
        int consumers = 3;
        List<JobLog> logs = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            JobLog log = new JobLog();
            queue().jobConsumer().start(Topics.USAGE, log::record);
            logs.add(log);
        }
        MessageProducer producer = queue().producer();
        int count = 300;
        for (int i = 0; i < count; i++) {
            producer.publish(Topics.USAGE, message(i));
        }
        Supplier<Set<Integer>> union = () -> {
            Set<Integer> all = new HashSet<>();
            logs.forEach(l -> all.addAll(l.distinctSeqs()));
            return all;
        };
        await("all messages across the consumers", () -> union.get().size() == count);
        int total = logs.stream().mapToInt(l -> l.seqs().size()).sum();
        assertThat(total).as("each message handled once, by one consumer").isEqualTo(count);
        assertThat(union.get()).containsExactlyInAnyOrderElementsOf(range(count));
    }

    @Test
    @DisplayName("a batch left unacknowledged by a crashed consumer is delivered to another one")
    void redeliveryAfterConsumerCrash() throws Exception {
        int count = 20;
        MessageQueue first = queue();
        for (int i = 0; i < count; i++) {
            first.producer().publish(Topics.END_USERS, message(i));
        }
        CountDownLatch gotBatch = new CountDownLatch(1);
        CountDownLatch neverAcknowledge = releasedAtEnd();
        Set<Integer> seenByFirst = ConcurrentHashMap.newKeySet();
        JobConsumer crashing = first.jobConsumer();
        crashing.start(Topics.END_USERS, batch -> {
            List<Integer> mine = seqs(batch);
            if (mine.isEmpty()) {
                return;
            }
            seenByFirst.addAll(mine);
            gotBatch.countDown();
            // Hang without acknowledging, ignoring interrupts, as a process that died mid-batch would.
            awaitUninterruptibly(neverAcknowledge);
            throw new IllegalStateException("consumer crashed");
        });
        assertThat(gotBatch.await(patience().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                .as("first consumer received a batch").isTrue();
        Thread.ofVirtual().start(crashing::close);

        JobLog second = new JobLog();
        queue().jobConsumer().start(Topics.END_USERS, second::record);
        await("the second consumer to get every message, including the crashed batch",
                () -> second.distinctSeqs().size() == count);
        assertThat(second.distinctSeqs()).containsAll(seenByFirst);
    }

    @Test
    @DisplayName("a job message whose handler fails once is delivered again")
    void transientFailureIsRetried() {
        MessageQueue queue = queue();
        for (int i = 0; i < 10; i++) {
            queue.producer().publish(Topics.INSIGHTS, message(i));
        }
        AtomicInteger failuresLeft = new AtomicInteger(1);
        JobLog log = new JobLog();
        queue.jobConsumer().start(Topics.INSIGHTS, batch -> {
            if (seqs(batch).contains(4) && failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("transient failure injected by the conformance suite");
            }
            log.record(batch);
        });
        await("every message, the failed one included", () -> log.distinctSeqs().size() == 10);
    }

    @Test
    @DisplayName("a malformed job message is retried, then parked, and never blocks the others")
    void poisonMessageIsParked() throws Exception {
        MessageQueue queue = queue();
        String poison = "{this is not json, run " + run + "}";
        for (int i = 0; i < 5; i++) {
            queue.producer().publish(Topics.END_USERS, message(i));
        }
        queue.producer().publish(Topics.END_USERS, poison);
        for (int i = 5; i < 10; i++) {
            queue.producer().publish(Topics.END_USERS, message(i));
        }
        AtomicInteger poisonAttempts = new AtomicInteger();
        JobLog log = new JobLog();
        queue.jobConsumer().start(Topics.END_USERS, batch -> {
            for (JobMessage m : batch) {
                if (m.jsonPayload().contains(run) && seqOf(m.jsonPayload()).isEmpty()) {
                    poisonAttempts.incrementAndGet();
                    throw new IllegalArgumentException("malformed JSON: " + m.jsonPayload());
                }
            }
            log.record(batch);
        });
        await("the well-formed messages", () -> log.distinctSeqs().size() == 10);
        await("the malformed message to be tried " + maxDeliveries() + " times",
                () -> poisonAttempts.get() >= maxDeliveries());
        Optional<List<String>> parked = parkedPayloads(Topics.END_USERS);
        if (parked.isPresent()) {
            await("the malformed message to be parked", () -> parkedOrEmpty(Topics.END_USERS).contains(poison));
        }
        // More publishing still flows: the parked message blocks nothing.
        for (int i = 10; i < 15; i++) {
            queue.producer().publish(Topics.END_USERS, message(i));
        }
        await("messages published after the poison was parked", () -> log.distinctSeqs().size() == 15);
        assertThat(log.distinctSeqs()).containsExactlyInAnyOrderElementsOf(range(15));
    }

    @Test
    @DisplayName("a job consumer reconnects after the server drops it, and loses nothing")
    void jobReconnectWithoutLoss() throws Exception {
        MessageQueue queue = queue();
        JobLog log = new JobLog();
        queue.jobConsumer().start(Topics.USAGE, log::record);
        for (int i = 0; i < 10; i++) {
            queue.producer().publish(Topics.USAGE, message(i));
        }
        await("messages before the outage", () -> log.distinctSeqs().size() == 10);
        interruptConnections();
        for (int i = 10; i < 20; i++) {
            queue.producer().publish(Topics.USAGE, message(i));
        }
        await("messages published after the outage", () -> log.distinctSeqs().size() == 20);
        assertThat(log.distinctSeqs()).containsExactlyInAnyOrderElementsOf(range(20));
    }

    // ---------------------------------------------------------------- helpers

    /** A new queue client that the suite closes after the case. */
    protected final MessageQueue queue() {
        MessageQueue q = openQueue();
        opened.add(q);
        return q;
    }

    /** This case's run id, present in every payload it publishes. */
    protected final String run() {
        return run;
    }

    private CountDownLatch releasedAtEnd() {
        CountDownLatch latch = new CountDownLatch(1);
        toRelease.add(latch);
        return latch;
    }

    private String message(int seq) {
        return "{\"conformance\":\"" + run + "\",\"seq\":" + seq + ",\"note\":\"caf\u00e9 \u2713\"}";
    }

    private static String realtimeTopic(int seq) {
        return seq % 2 == 0 ? Topics.FEATURE_FLAG_CHANGE : Topics.SEGMENT_CHANGE;
    }

    private Optional<Integer> seqOf(String json) {
        if (!json.contains("\"conformance\":\"" + run + "\"")) {
            return Optional.empty();
        }
        int at = json.indexOf("\"seq\":");
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + "\"seq\":".length();
        int end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Optional.of(Integer.parseInt(json.substring(start, end)));
    }

    private List<Integer> seqs(List<JobMessage> batch) {
        return batch.stream().map(m -> seqOf(m.jsonPayload())).flatMap(Optional::stream).toList();
    }

    private List<String> parkedOrEmpty(String topic) {
        try {
            return parkedPayloads(topic).orElse(List.of());
        } catch (Exception e) {
            return List.of();
        }
    }

    private void startRealtime(MessageQueue queue, RealtimeLog log) {
        queue.realtimeConsumer().start(log::record);
    }

    /**
     * Publishes probes until every consumer has received one. Some technologies (Redis PUB/SUB, Kafka at
     * {@code latest}) only deliver what is published after their subscription is in place.
     */
    private void awaitFlowing(MessageProducer producer, List<RealtimeLog> logs) {
        String probe = "{\"conformance\":\"" + run + "\",\"probe\":true}";
        long deadline = System.nanoTime() + patience().toNanos();
        while (logs.stream().anyMatch(l -> !l.probed)) {
            if (System.nanoTime() > deadline) {
                fail("real-time consumers never started receiving within " + patience());
            }
            producer.publish(Topics.FEATURE_FLAG_CHANGE, probe);
            sleep(Duration.ofMillis(200));
        }
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + patience().toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting for " + what + " after " + patience());
            }
            sleep(Duration.ofMillis(20));
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Integer> range(int to) {
        return range(0, to);
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private record Entry(String topic, int seq) {
    }

    /** What one real-time consumer received from this case, duplicates included. */
    private final class RealtimeLog {
        private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
        volatile boolean probed;

        void record(String topic, String json) {
            if (json.contains("\"conformance\":\"" + run + "\",\"probe\"")) {
                probed = true;
                return;
            }
            seqOf(json).ifPresent(seq -> entries.add(new Entry(topic, seq)));
        }

        List<Entry> entries() {
            synchronized (entries) {
                return List.copyOf(entries);
            }
        }

        Set<Integer> distinctSeqs() {
            Set<Integer> s = new HashSet<>();
            entries().forEach(e -> s.add(e.seq()));
            return s;
        }

        List<Integer> firstOccurrenceOrder() {
            Set<Integer> s = new LinkedHashSet<>();
            entries().forEach(e -> s.add(e.seq()));
            return List.copyOf(s);
        }
    }

    /** What one job consumer handled successfully in this case, duplicates included. */
    private final class JobLog {
        private final List<Integer> seqs = Collections.synchronizedList(new ArrayList<>());
        private final Set<String> topics = ConcurrentHashMap.newKeySet();

        void record(List<JobMessage> batch) {
            for (JobMessage m : batch) {
                seqOf(m.jsonPayload()).ifPresent(seq -> {
                    seqs.add(seq);
                    topics.add(m.topic());
                });
            }
        }

        List<Integer> seqs() {
            synchronized (seqs) {
                return List.copyOf(seqs);
            }
        }

        Set<Integer> distinctSeqs() {
            return new HashSet<>(seqs());
        }

        Set<String> topics() {
            return Set.copyOf(topics);
        }
    }
}
