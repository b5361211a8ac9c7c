package io.toggleworks.spi.analytics;

/**
 * One variation's sufficient statistics for an experiment (§5.4.3). Conversion: {@code count} exposed users,
 * {@code sum} converted users. Numeric: {@code count} users with a metric event, {@code sum} of their per-user sums,
 * {@code mean} and {@code variance} (sample, n-1) of the per-user sums; both are 0 for conversion arms, whose mean
 * and variance follow from count and sum.
 */
public record ArmData(String variationId, long count, double sum, double mean, double variance) {
}
