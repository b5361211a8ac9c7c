package io.toggleworks.spi.analytics;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Evaluation counts of one flag per variation per time bucket (§5.4.1): rows with {@code event = 'FlagValue'},
 * {@code distinct_id = flagExptId}, {@code env_id = envId} and {@code start < timestamp < end}, bucketed by the
 * interval truncated in {@code timezone}.
 */
public record FlagInsightsQuery(String envId, String flagExptId, IntervalType interval, Instant start, Instant end,
                                ZoneId timezone) {
    public FlagInsightsQuery {
        Objects.requireNonNull(envId, "envId");
        Objects.requireNonNull(flagExptId, "flagExptId");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(timezone, "timezone");
    }
}
