package io.toggleworks.das.stats;

import java.util.Objects;

/**
 * One variation's data in an experiment iteration. Conversion arms: {@code count} exposed users, {@code sum}
 * converted users, mean p = sum/count and variance p(1−p). Numeric arms: {@code count} users with a metric event,
 * {@code sum} of their per-user sums, and the sample mean and variance (n−1) of those sums.
 */
public record Arm(String variationId, boolean numeric, long count, double sum, double mean, double variance) {
    public Arm {
        Objects.requireNonNull(variationId, "variationId");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
    }

    public static Arm conversion(String variationId, long exposedUsers, long convertedUsers) {
        double p = exposedUsers == 0 ? 0 : (double) convertedUsers / exposedUsers;
        return new Arm(variationId, false, exposedUsers, convertedUsers, p, p * (1 - p));
    }

    public static Arm numeric(String variationId, long users, double sum, double mean, double sampleVariance) {
        return new Arm(variationId, true, users, sum, mean, sampleVariance);
    }

    /** An arm listed in the request that has no rows: zeros, as FeatBit fills in. */
    public static Arm empty(String variationId, boolean numeric) {
        return new Arm(variationId, numeric, 0, 0, 0, 0);
    }
}
