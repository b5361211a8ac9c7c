package io.toggleworks.infra.postgres.mq;

import io.toggleworks.spi.config.ProviderConfig;

import java.time.Duration;

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

    public static PostgresQueueSettings from(ProviderConfig c) {
        return new PostgresQueueSettings(
                integer(c, "BatchSize", 100),
                millis(c, "PollIntervalMs", 3_000),
                millis(c, "VisibilityTimeoutMs", 60_000),
                integer(c, "MaxDeliveries", 5),
                millis(c, "RetryDelayMs", 5_000),
                Duration.ofHours(integer(c, "FailedRetentionHours", 24 * 7)),
                Duration.ofHours(integer(c, "NotifiedRetentionHours", 24)),
                millis(c, "ReconnectMinDelayMs", 250),
                millis(c, "ReconnectMaxDelayMs", 5_000),
                millis(c, "ReplayMarginMs", 15_000),
                millis(c, "HeartbeatIntervalMs", 5_000),
                integer(c, "PublishAttempts", 4),
                millis(c, "PublishRetryDelayMs", 200),
                millis(c, "CloseTimeoutMs", 10_000),
                integer(c, "PoolSize", 10));
    }

    private static int integer(ProviderConfig c, String key, int dflt) {
        try {
            return c.getInt(PREFIX + key, dflt);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be a whole number: " + c.get(PREFIX + key, ""));
        }
    }

    private static Duration millis(ProviderConfig c, String key, int dflt) {
        int ms = integer(c, key, dflt);
        require(ms >= 0, PREFIX + key + " must not be negative");
        return Duration.ofMillis(ms);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
