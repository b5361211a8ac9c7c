package io.toggleworks.infra.redis.mq;

import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.support.QueueSettingsReader;

import java.time.Duration;
import java.util.Map;

import static io.toggleworks.spi.mq.support.QueueSettingsReader.require;

/**
 * Tuning of the Redis queue, read under {@code Redis__Queue__*}. FeatBit has no such settings; where it has a
 * constant, the default is that constant.
 *
 * @param keyPrefix          prepended to every key and channel; empty (FeatBit's names) unless tests isolate themselves
 * @param batchSize          job messages moved to the processing list per fetch
 * @param pollInterval       how long a job consumer blocks on an empty list (FeatBit: sleeps 1 s)
 * @param maxDeliveries      deliveries after which a failing job message is parked on {@code <topic>:failed}
 * @param retryDelay         first delay before a failed job message is retried; doubles per delivery
 * @param heartbeatInterval  job consumers renew their liveness key, and real-time consumers check their
 *                           subscription, this often
 * @param consumerTimeout    a job consumer whose liveness key is older than this is dead: its processing list goes
 *                           back to the queue
 * @param maxHandlerTime     a batch held longer than this by a live but hung handler stops being protected
 * @param replayLength       real-time messages kept in the replay stream (approximate cap); 0 disables replay
 * @param failedMaxLength    parked messages kept per topic (oldest dropped)
 * @param reconnectMinDelay  first wait before reconnecting; doubles up to the max
 * @param reconnectMaxDelay  longest wait between reconnect attempts
 * @param publishAttempts    tries of one publish before it is logged as lost
 * @param publishRetryDelay  first wait between publish tries; doubles per try
 * @param closeTimeout       how long {@code close()} waits for a running job batch
 */
public record RedisQueueSettings(String keyPrefix, int batchSize, Duration pollInterval, int maxDeliveries,
                                 Duration retryDelay, Duration heartbeatInterval, Duration consumerTimeout,
                                 Duration maxHandlerTime, int replayLength, int failedMaxLength,
                                 Duration reconnectMinDelay, Duration reconnectMaxDelay, int publishAttempts,
                                 Duration publishRetryDelay, Duration closeTimeout) {

    public static final String PREFIX = "Redis__Queue__";

    public RedisQueueSettings {
        require(batchSize >= 1, "BatchSize must be at least 1");
        require(maxDeliveries >= 1, "MaxDeliveries must be at least 1");
        require(publishAttempts >= 1, "PublishAttempts must be at least 1");
        require(replayLength >= 0, "ReplayLength must not be negative");
        require(failedMaxLength >= 1, "FailedMaxLength must be at least 1");
        require(positive(pollInterval), "PollIntervalMs must be positive");
        require(positive(heartbeatInterval), "HeartbeatIntervalMs must be positive");
        require(consumerTimeout.compareTo(heartbeatInterval.multipliedBy(2)) >= 0,
                "ConsumerTimeoutMs must be at least twice HeartbeatIntervalMs");
        require(reconnectMaxDelay.compareTo(reconnectMinDelay) >= 0,
                "ReconnectMaxDelayMs must be at least ReconnectMinDelayMs");
    }

    public static RedisQueueSettings defaults() {
        return from(ProviderConfig.of(Map.of()));
    }

    public static RedisQueueSettings from(ProviderConfig config) {
        QueueSettingsReader c = new QueueSettingsReader(config, PREFIX);
        return new RedisQueueSettings(
                c.text("KeyPrefix", ""),
                c.integer("BatchSize", 100),
                c.millis("PollIntervalMs", 1_000),
                c.integer("MaxDeliveries", 5),
                c.millis("RetryDelayMs", 5_000),
                c.millis("HeartbeatIntervalMs", 5_000),
                c.millis("ConsumerTimeoutMs", 30_000),
                c.millis("MaxHandlerTimeMs", 600_000),
                c.integer("ReplayLength", 10_000),
                c.integer("FailedMaxLength", 10_000),
                c.millis("ReconnectMinDelayMs", 250),
                c.millis("ReconnectMaxDelayMs", 5_000),
                c.integer("PublishAttempts", 4),
                c.millis("PublishRetryDelayMs", 200),
                c.millis("CloseTimeoutMs", 10_000));
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
