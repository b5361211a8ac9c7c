package io.toggleworks.infra.redis.mq;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.toggleworks.infra.redis.testing.RedisTestServer;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.JobMessage;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProviders;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.mq.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static io.toggleworks.infra.redis.mq.Waiting.PATIENCE;
import static io.toggleworks.infra.redis.mq.Waiting.await;
import static io.toggleworks.infra.redis.mq.Waiting.sleep;

/**
 * What a FeatBit service on the same Redis sees of ours, and what ours makes of FeatBit's: {@code PUBLISH} on the
 * bare topic channel (FeatBit's ELS {@code PSUBSCRIBE featbit-*-change}), {@code RPUSH} of the bare JSON onto a list
 * named after the topic. The run's key prefix stands in front of every name so runs stay apart.
 */
@Timeout(120)
class RedisQueueWireCompatibilityTest {
    private static RedisTestServer redis;
    private static RedisClient raw;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisTestServer.newRun();
        raw = RedisClient.create(RedisURI.create("127.0.0.1", redis.port()));
    }

    @AfterAll
    static void stop() {
        if (raw != null) {
            raw.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        toClose.clear();
    }

    private MessageQueue queue() {
        MessageQueue q = MessageQueueProviders.create(
                RedisMessageQueueConformanceTest.fastConfig(redis).with(Map.of("Redis__Queue__MaxDeliveries", "2")), "None");
        toClose.add(q);
        return q;
    }

    private static String json(String note) {
        return "{\"envId\":\"" + UUID.randomUUID() + "\",\"note\":\"" + note + " caf\u00e9\"}";
    }

    @Test
    void theProviderIsFoundByFeatBitsSettingValue() {
        assertThat(MessageQueueProviders.find("redis")).get().isInstanceOf(RedisMessageQueueProvider.class);
        assertThat(MessageQueueProviders.find("Redis").orElseThrow().name()).isEqualTo("Redis");
    }

    @Test
    void unprefixedNamesAreFeatBits() {
        RedisKeys keys = new RedisKeys("", "");
        assertThat(keys.jobList(Topics.INSIGHTS)).isEqualTo("featbit-insights");
        assertThat(keys.jobList(Topics.END_USERS)).isEqualTo("featbit-endusers");
        assertThat(keys.jobList(Topics.USAGE)).isEqualTo("featbit-usage");
        assertThat(keys.channel(Topics.FEATURE_FLAG_CHANGE)).isEqualTo("featbit-feature-flag-change");
        assertThat(keys.channel(Topics.SEGMENT_CHANGE)).isEqualTo("featbit-segment-change");
        assertThat(new RedisKeys("", "prod:").channel(Topics.SEGMENT_CHANGE)).isEqualTo("prod:featbit-segment-change");
        assertThat(new RedisKeys("", "prod:").topicOf("prod:featbit-segment-change")).isEqualTo(Topics.SEGMENT_CHANGE);
    }

    @Test
    void realtimeMessagesArePublishedOnTheBareTopicChannel() throws Exception {
        BlockingQueue<String[]> seen = new LinkedBlockingQueue<>();
        StatefulRedisPubSubConnection<String, String> sub = raw.connectPubSub();
        toClose.add(sub::close);
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                seen.add(new String[]{pattern, channel, message});
            }
        });
        String pattern = redis.prefix() + "featbit-*-change";
        sub.sync().psubscribe(pattern);

        MessageQueue queue = queue();
        String flag = json("flag");
        String segment = json("segment");
        queue.producer().publish(Topics.FEATURE_FLAG_CHANGE, flag);
        queue.producer().publish(Topics.SEGMENT_CHANGE, segment);

        String[] first = seen.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        String[] second = seen.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(first).containsExactly(pattern, redis.prefix() + "featbit-feature-flag-change", flag);
        assertThat(second).containsExactly(pattern, redis.prefix() + "featbit-segment-change", segment);
        // And kept for our consumers' replay, in the same order.
        assertThat(redis.commands().xrange(redis.prefix() + "toggleworks:realtime", io.lettuce.core.Range.create("-", "+")))
                .extracting(m -> m.getBody().get("payload")).containsExactly(flag, segment);
    }

    @Test
    void jobMessagesAreRpushedAsBareJsonOntoTheTopicList() {
        MessageQueue queue = queue();
        String one = json("one");
        List<String> batch = List.of(json("two"), json("three"));
        queue.producer().publish(Topics.INSIGHTS, one);
        queue.producer().publishAll(Topics.INSIGHTS, batch);
        assertThat(redis.commands().type(redis.prefix() + "featbit-insights")).isEqualTo("list");
        // FeatBit's API takes them with LPOP, oldest first.
        assertThat(redis.commands().lpop(redis.prefix() + "featbit-insights", 10)).containsExactly(one, batch.get(0), batch.get(1));
    }

    @Test
    void messagesFromAFeatBitProducerAreConsumed() {
        List<String> realtime = Collections.synchronizedList(new ArrayList<>());
        List<JobMessage> jobs = Collections.synchronizedList(new ArrayList<>());
        MessageQueue queue = queue();
        RealtimeConsumer rc = queue.realtimeConsumer();
        rc.start((topic, payload) -> realtime.add(topic + " " + payload));
        JobConsumer jc = queue.jobConsumer();
        jc.start(Topics.END_USERS, jobs::addAll);

        // FeatBit's ELS: RPUSH the bare JSON.
        String user = json("end user");
        redis.commands().rpush(redis.prefix() + "featbit-endusers", user);
        await("the job message", () -> jobs.size() == 1);
        assertThat(jobs.getFirst().jsonPayload()).isEqualTo(user);
        assertThat(jobs.getFirst().topic()).isEqualTo(Topics.END_USERS);

        // FeatBit's API: a plain PUBLISH, without our replay stream. Published until the subscription is in place.
        String change = json("segment change");
        await("the real-time message", () -> {
            redis.commands().publish(redis.prefix() + "featbit-segment-change", change);
            sleep(100);
            return !realtime.isEmpty();
        });
        assertThat(realtime).allMatch(s -> s.equals(Topics.SEGMENT_CHANGE + " " + change));
    }

    @Test
    void handledMessagesLeaveNothingBehind() {
        MessageQueue queue = queue();
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 30; i++) {
            queue.producer().publish(Topics.USAGE, json("usage " + i));
        }
        queue.jobConsumer().start(Topics.USAGE, b -> b.forEach(m -> handled.add(m.jsonPayload())));
        await("all usage messages", () -> handled.size() == 30);
        String base = redis.prefix() + "featbit-usage";
        await("acknowledgements", () -> redis.commands().exists(base, base + ":deliveries") == 0
                && redis.commands().keys(base + ":processing:*").stream()
                .allMatch(k -> redis.commands().llen(k) == 0));
    }

    @Test
    void aDeadConsumersProcessingListIsRecoveredAtStart() {
        String base = redis.prefix() + "featbit-endusers";
        String dead = "deadconsumer";
        List<String> orphaned = List.of(json("orphan 1"), json("orphan 2"));
        redis.commands().rpush(base + ":processing:" + dead, orphaned.toArray(String[]::new));
        redis.commands().sadd(base + ":consumers", dead); // registered, but its heartbeat key is gone

        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        queue().jobConsumer().start(Topics.END_USERS, b -> b.forEach(m -> handled.add(m.jsonPayload())));
        await("the orphaned messages", () -> handled.containsAll(orphaned));
        assertThat(redis.commands().exists(base + ":processing:" + dead)).isZero();
        assertThat(redis.commands().sismember(base + ":consumers", dead)).isFalse();
    }

    @Test
    void aBatchHeldTooLongByAHungHandlerGoesToAnotherConsumer() throws Exception {
        ProviderConfig config = RedisMessageQueueConformanceTest.fastConfig(redis)
                .with(Map.of("Redis__Queue__MaxHandlerTimeMs", "500"));
        MessageQueue hungSide = MessageQueueProviders.create(config, "None");
        toClose.add(hungSide);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        toClose.add(release::countDown);
        java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(1);
        String stuck = json("stuck");
        hungSide.producer().publish(Topics.USAGE, stuck);
        hungSide.jobConsumer().start(Topics.USAGE, b -> {
            taken.countDown();
            release.await(); // alive (heartbeat running) but never finishing
        });
        assertThat(taken.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        MessageQueue other = MessageQueueProviders.create(config, "None");
        toClose.add(other);
        other.jobConsumer().start(Topics.USAGE, b -> b.forEach(m -> handled.add(m.jsonPayload())));
        await("the other consumer to take over the stuck batch", () -> handled.contains(stuck));
    }

    @Test
    void aParkedMessageKeepsItsError() {
        MessageQueue queue = queue();
        String poison = json("poison");
        queue.producer().publish(Topics.INSIGHTS, poison);
        queue.jobConsumer().start(Topics.INSIGHTS, b -> {
            throw new IllegalArgumentException("cannot store \"this\"");
        });
        String failed = redis.prefix() + "featbit-insights:failed";
        await("the message to be parked", () -> redis.commands().llen(failed) == 1);
        ParkedMessage parked = ParkedMessage.parse(redis.commands().lindex(failed, 0));
        assertThat(parked.payload()).isEqualTo(poison);
        assertThat(parked.error()).isEqualTo("java.lang.IllegalArgumentException: cannot store \"this\"");
        assertThat(parked.deliveries()).isEqualTo(2);
        assertThat(parked.parkedAt()).isNotBlank();
        assertThat(((RedisMessageQueue) queue).parked(Topics.INSIGHTS)).containsExactly(parked);
        assertThat(redis.commands().llen(redis.prefix() + "featbit-insights")).isZero();
    }
}
