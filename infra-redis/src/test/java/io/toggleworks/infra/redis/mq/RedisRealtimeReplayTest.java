package io.toggleworks.infra.redis.mq;

import io.toggleworks.infra.redis.testing.RedisTestServer;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProviders;
import io.toggleworks.spi.mq.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static io.toggleworks.infra.redis.mq.Waiting.await;
import static io.toggleworks.infra.redis.mq.Waiting.sleep;

/** The replay stream closes gaps exactly: nothing lost, nothing twice, publish order kept. */
@Timeout(120)
class RedisRealtimeReplayTest {
    private static RedisTestServer redis;
    private final List<MessageQueue> queues = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisTestServer.newRun();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeQueues() {
        queues.reversed().forEach(MessageQueue::close);
        queues.clear();
    }

    private MessageQueue queue() {
        return queue(RedisMessageQueueConformanceTest.fastConfig(redis));
    }

    private MessageQueue queue(io.toggleworks.spi.config.ProviderConfig config) {
        MessageQueue q = MessageQueueProviders.create(config, "None");
        queues.add(q);
        return q;
    }

    @Test
    void messagesPublishedRightAfterStartArriveOnceInOrder() {
        String run = UUID.randomUUID().toString();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        MessageQueue queue = queue();
        queue.realtimeConsumer().start((topic, payload) -> {
            if (payload.contains(run)) {
                seen.add(payload);
            }
        });
        List<String> sent = IntStream.range(0, 20).mapToObj(i -> message(run, i)).toList();
        sent.forEach(m -> queue.producer().publish(Topics.FEATURE_FLAG_CHANGE, m));
        await("all messages", () -> seen.size() >= sent.size());
        sleep(1_000); // a duplicate would arrive within a mark or two
        assertThat(seen).containsExactlyElementsOf(sent);
    }

    @Test
    void aDroppedSubscriptionMissesNothingAndRepeatsNothing() {
        String run = UUID.randomUUID().toString();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        MessageQueue consumerSide = queue();
        consumerSide.realtimeConsumer().start((topic, payload) -> {
            if (payload.contains(run)) {
                seen.add(topic + " " + payload);
            }
        });
        MessageQueue producerSide = queue();
        List<String> sent = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10; i++) {
                int seq = round * 10 + i;
                String topic = seq % 2 == 0 ? Topics.FEATURE_FLAG_CHANGE : Topics.SEGMENT_CHANGE;
                String m = message(run, seq);
                producerSide.producer().publish(topic, m);
                sent.add(topic + " " + m);
            }
            redis.killClients();
        }
        await("all messages", () -> seen.size() >= sent.size());
        sleep(1_000);
        assertThat(seen).containsExactlyElementsOf(sent);
    }

    @Test
    void messagesPublishedWhileOnlyTheSubscriberIsDownAreReplayedOnceInOrder() {
        String run = UUID.randomUUID().toString();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        MessageQueue consumerSide = queue(RedisMessageQueueConformanceTest.fastConfig(redis)
                .with(java.util.Map.of("Redis__ConnectionString", redis.connectionString("subscriber"))));
        java.util.concurrent.atomic.AtomicInteger reconnects = new java.util.concurrent.atomic.AtomicInteger();
        consumerSide.realtimeConsumer().start(new io.toggleworks.spi.mq.RealtimeConsumer.Handler() {
            @Override
            public void onMessage(String topic, String payload) {
                if (payload.contains(run)) {
                    seen.add(payload);
                }
            }

            @Override
            public void onReconnected() {
                reconnects.incrementAndGet();
            }
        });
        MessageQueue producerSide = queue();
        List<String> sent = new ArrayList<>();
        int seq = 0;
        for (int round = 0; round < 3; round++) {
            redis.killClients(redis.clientName() + "-subscriber");
            for (int i = 0; i < 10; i++) {
                String m = message(run, seq++);
                producerSide.producer().publish(Topics.SEGMENT_CHANGE, m);
                sent.add(m);
            }
            int expected = sent.size();
            await("round " + round, () -> seen.size() >= expected);
        }
        sleep(1_000);
        assertThat(seen).containsExactlyElementsOf(sent);
        await("the handler to hear of the reconnections", () -> reconnects.get() >= 1);
    }

    private static String message(String run, int seq) {
        return "{\"run\":\"" + run + "\",\"seq\":" + seq + "}";
    }
}
