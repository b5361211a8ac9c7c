package io.toggleworks.api.jobs;

import io.toggleworks.api.testing.Eventually;
import io.toggleworks.api.testing.ApiTestBase;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.MessageQueue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping consumption in the middle of an insight batch (events written, batch not yet acknowledged) loses
 * nothing and duplicates nothing: the batch goes back to the queue, is consumed again, and the uuid dedupe keeps
 * one event per message. Runs on a topic of its own so the application's consumers stay out of the way.
 */
class StopMidBatchTest extends ApiTestBase {

    @Test
    void aBatchInterruptedByAStopIsRedeliveredWithoutDuplicateEvents() throws Exception {
        String topic = "tw-test-insights-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            db().sql("insert into queue_messages (topic, status, payload) values (:t, 'Pending', :p)").param("t", topic)
                    .param("p", "{\"uuid\":\"" + id + "\",\"distinct_id\":\"d\",\"env_id\":\"e\",\"event\":\"FlagValue\","
                            + "\"properties\":\"{}\",\"timestamp\":1718000000000000}")
                    .update();
        }
        MessageQueue queue = server.context().getBean(MessageQueue.class);
        InsightJobHandler insights = server.context().getBean(InsightJobHandler.class);

        CountDownLatch written = new CountDownLatch(1);
        JobConsumer first = queue.jobConsumer();
        first.start(topic, batch -> {
            insights.handle(batch);
            written.countDown();
            new CountDownLatch(1).await(); // still busy when the stop comes: only an interrupt ends this
        });
        assertThat(written.await(60, TimeUnit.SECONDS)).isTrue();
        first.close(); // waits for the batch, then interrupts it: the rows stay in the queue, unacknowledged
        assertThat(count("select count(*) from queue_messages where topic = :p", topic)).isEqualTo(3);

        JobConsumer second = queue.jobConsumer();
        try {
            second.start(topic, insights);
            await(() -> count("select count(*) from queue_messages where topic = :p", topic) == 0);
        } finally {
            second.close();
        }
        assertThat(db().sql("select count(*) from events where id = any(:ids)").param("ids", ids.toArray(UUID[]::new))
                .query(Long.class).single()).isEqualTo(3);
    }

    private static long count(String sql, Object param) {
        return db().sql(sql).param("p", param).query(Long.class).single();
    }

    /** Waits for the consumer; what is asserted is the outcome, never the time taken. */
    private static void await(BooleanSupplier condition) {
        Eventually.await(condition, Duration.ofSeconds(90), Duration.ofMillis(200), "condition not met in time");
    }
}
