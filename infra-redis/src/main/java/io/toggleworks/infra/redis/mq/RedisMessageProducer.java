package io.toggleworks.infra.redis.mq;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.toggleworks.spi.mq.MessageProducer;
import io.toggleworks.spi.mq.Topics;
import io.toggleworks.spi.mq.support.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Publishes as FeatBit does: a real-time message is {@code PUBLISH <topic> <json>}, a job message
 * {@code RPUSH <topic> <json>}. In addition, a real-time message is appended to a capped stream in the same
 * script, so that our consumers can replay what a dropped subscription missed (FeatBit's subscribers ignore the
 * stream). A transient failure is retried with back-off before the message is logged as lost; a retry after a
 * lost reply may duplicate a message, which consumers tolerate.
 */
final class RedisMessageProducer implements MessageProducer {
    private static final Logger log = LoggerFactory.getLogger(RedisMessageProducer.class);

    private final Supplier<StatefulRedisConnection<String, String>> connection;
    private final RedisKeys keys;
    private final RedisQueueSettings settings;

    RedisMessageProducer(Supplier<StatefulRedisConnection<String, String>> connection, RedisKeys keys,
                         RedisQueueSettings settings) {
        this.connection = connection;
        this.keys = keys;
        this.settings = settings;
    }

    @Override
    public void publish(String topic, String jsonPayload) {
        Objects.requireNonNull(jsonPayload, "jsonPayload");
        checkTopic(topic);
        if (Topics.isRealTime(topic)) {
            withRetries(topic, 1, () -> publishRealtime(topic, jsonPayload));
        } else {
            withRetries(topic, 1, () -> connection.get().sync().rpush(keys.jobList(topic), jsonPayload));
        }
    }

    /** Job messages go in one {@code RPUSH} (atomic and in order); real-time ones one by one. */
    @Override
    public void publishAll(String topic, List<String> jsonPayloads) {
        checkTopic(topic);
        jsonPayloads.forEach(p -> Objects.requireNonNull(p, "jsonPayload"));
        if (jsonPayloads.isEmpty()) {
            return;
        }
        if (Topics.isRealTime(topic)) {
            jsonPayloads.forEach(p -> publish(topic, p));
            return;
        }
        String[] values = jsonPayloads.toArray(String[]::new);
        withRetries(topic, values.length, () -> connection.get().sync().rpush(keys.jobList(topic), values));
    }

    private void publishRealtime(String topic, String payload) {
        if (settings.replayLength() == 0) {
            connection.get().sync().publish(keys.channel(topic), payload);
            return;
        }
        connection.get().sync().eval(Scripts.PUBLISH_REALTIME, ScriptOutputType.INTEGER,
                new String[]{keys.realtimeStream()},
                keys.channel(topic), topic, payload, Integer.toString(settings.replayLength()));
    }

    private static void checkTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
    }

    private void withRetries(String topic, int messages, Runnable write) {
        Backoff backoff = new Backoff(settings.publishRetryDelay(), settings.publishRetryDelay().multipliedBy(16));
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                if (attempt >= settings.publishAttempts()) {
                    // As FeatBit, publishing never fails the caller (its change is already stored); say what was lost.
                    log.error("Lost {} message(s) on topic {} after {} attempts: {}", messages, topic, attempt, e.toString());
                    return;
                }
                log.warn("Publishing on topic {} failed (attempt {} of {}), retrying: {}", topic, attempt,
                        settings.publishAttempts(), e.toString());
                Duration wait = backoff.next();
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    log.error("Lost {} message(s) on topic {}: interrupted while retrying", messages, topic);
                    return;
                }
            }
        }
    }
}
