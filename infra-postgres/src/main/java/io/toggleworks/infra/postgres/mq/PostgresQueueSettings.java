package io.toggleworks.infra.postgres.mq;

import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.support.QueueSettingsReader;

import java.time.Duration;

import static io.toggleworks.spi.mq.support.QueueSettingsReader.require;

/**
 * Tuning of the PostgreSQL queue. FeatBit has no such settings (its values are constants); the defaults below are
 * FeatBit's where it has one, so an unconfigured deployment behaves like FeatBit's. Keys are read under
 * {@code Postgres__Queue__*}, e.g. {@code Postgres__Queue__BatchSize=500}.
 *
 * @param batchSize          job messages fetched per poll (FeatBit: 100)
 * @param pollInterval       wait after a short batch (FeatBit: 3 s)
 * @param visibilityTimeout  how long a fetched job message stays invisible; after it a message left in
 *                           {@code Processing} by a dead consumer is delivered again (FeatBit: 1 min, never redelivered)
 * @param maxDeliveries      deliveries after which a failing job message is parked as {@code Failed}
 * @param retryDelay         first delay before a failed job message is retried; doubles per delivery
 * @param failedRetention    {@code Failed} rows older than this are deleted (FeatBit keeps them forever)
 * @param notifiedRetention  {@code Notified} rows older than this are deleted (FeatBit: 1 day)
 * @param reconnectMinDelay  first wait before reconnecting the real-time listener; doubles up to the max
 * @param reconnectMaxDelay  longest wait between reconnect attempts (FeatBit: 5 s, fixed)
 * @param replayMargin       real-time messages enqueued this long before a disconnect are replayed (FeatBit: 15 s)
 * @param heartbeatInterval  an idle listener checks its connection this often
 * @param publishAttempts    tries of one publish before it is logged as lost
 * @param publishRetryDelay  first wait between publish tries; doubles per try
 * @param closeTimeout       how long {@code close()} waits for a running job batch to finish
 * @param poolSize           connections of the producer and job consumers (Npgsql's Maximum Pool Size wins)
 */
public record PostgresQueueSettings(int batchSize, Duration pollInterval, Duration visibilityTimeout, int maxDeliveries,
                                    Duration retryDelay, Duration failedRetention, Duration notifiedRetention,
                                    Duration reconnectMinDelay, Duration reconnectMaxDelay, Duration replayMargin,
                                    Duration heartbeatInterval, int publishAttempts, Duration publishRetryDelay,
                                    Duration closeTimeout, int poolSize) {

    public static final String PREFIX = "Postgres__Queue__";

    public PostgresQueueSettings {
        require(batchSize >= 1, "BatchSize must be at least 1");
        require(maxDeliveries >= 1, "MaxDeliveries must be at least 1");
        require(publishAttempts >= 1, "PublishAttempts must be at least 1");
        require(poolSize >= 1, "PoolSize must be at least 1");
        require(!visibilityTimeout.isNegative() && !visibilityTimeout.isZero(), "VisibilityTimeoutMs must be positive");
        require(!pollInterval.isNegative() && !pollInterval.isZero(), "PollIntervalMs must be positive");
        require(!heartbeatInterval.isNegative() && !heartbeatInterval.isZero(), "HeartbeatIntervalMs must be positive");
        require(!reconnectMinDelay.isNegative() && reconnectMaxDelay.compareTo(reconnectMinDelay) >= 0,
                "ReconnectMaxDelayMs must be at least ReconnectMinDelayMs");
    }

    public static PostgresQueueSettings defaults() {
        return from(ProviderConfig.of(java.util.Map.of()));
    }

    public static PostgresQueueSettings from(ProviderConfig config) {
        QueueSettingsReader c = new QueueSettingsReader(config, PREFIX);
        return new PostgresQueueSettings(
                c.integer("BatchSize", 100),
                c.millis("PollIntervalMs", 3_000),
                c.millis("VisibilityTimeoutMs", 60_000),
                c.integer("MaxDeliveries", 5),
                c.millis("RetryDelayMs", 5_000),
                c.hours("FailedRetentionHours", 24 * 7),
                c.hours("NotifiedRetentionHours", 24),
                c.millis("ReconnectMinDelayMs", 250),
                c.millis("ReconnectMaxDelayMs", 5_000),
                c.millis("ReplayMarginMs", 15_000),
                c.millis("HeartbeatIntervalMs", 5_000),
                c.integer("PublishAttempts", 4),
                c.millis("PublishRetryDelayMs", 200),
                c.millis("CloseTimeoutMs", 10_000),
                c.integer("PoolSize", 10));
    }
}
