package io.toggleworks.infra.redis.cache;

import io.toggleworks.spi.config.ProviderConfig;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Redis cache. The two population settings are FeatBit's (same names, ranges and defaults); the
 * others are ours, under {@code Redis__Cache__*}.
 *
 * @param keyPrefix        prepended to every key; empty (FeatBit's names) unless tests isolate themselves
 * @param populateLockTtl  {@code Redis__PopulateLockTtlSeconds} (1-3600, default 60): the population lock's lease,
 *                         renewed while population runs
 * @param populateMaxWait  {@code Redis__PopulateMaxWaitSeconds} (1-3600, default 90): how long an instance waits
 *                         for another one's population before it refuses to start
 * @param populatePoll     how often a waiting instance looks again (FeatBit: 2 s)
 * @param tombstoneTtl     how long a deleted flag, segment or secret is remembered so that a population that read
 *                         it before the delete cannot bring it back
 */
public record RedisCacheSettings(String keyPrefix, Duration populateLockTtl, Duration populateMaxWait,
                                 Duration populatePoll, Duration tombstoneTtl) {
    public static final String PREFIX = "Redis__Cache__";

    public RedisCacheSettings {
        if (populatePoll.isNegative() || populatePoll.isZero()) {
            throw new IllegalArgumentException(PREFIX + "PopulatePollMs must be positive");
        }
        if (tombstoneTtl.toSeconds() < 1) {
            throw new IllegalArgumentException(PREFIX + "TombstoneSeconds must be at least 1");
        }
    }

    public static RedisCacheSettings defaults() {
        return from(ProviderConfig.of(Map.of()));
    }

    public static RedisCacheSettings from(ProviderConfig c) {
        return new RedisCacheSettings(
                c.get(PREFIX + "KeyPrefix", ""),
                Duration.ofSeconds(ranged(c, "Redis__PopulateLockTtlSeconds", 60, 1, 3600)),
                Duration.ofSeconds(ranged(c, "Redis__PopulateMaxWaitSeconds", 90, 1, 3600)),
                Duration.ofMillis(ranged(c, PREFIX + "PopulatePollMs", 2_000, 1, 60_000)),
                Duration.ofSeconds(ranged(c, PREFIX + "TombstoneSeconds", 86_400, 1, 30 * 86_400)));
    }

    private static int ranged(ProviderConfig c, String key, int dflt, int min, int max) {
        int value;
        try {
            value = c.getInt(key, dflt);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number: " + c.get(key, ""));
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ": " + value);
        }
        return value;
    }
}
