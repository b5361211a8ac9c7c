package io.toggleworks.das.stats;

/** Significance level, target power and the minimum users per arm (FeatBit: 0.05, 0.8, 30). */
public record FrequentistSettings(double alpha, double power, int minSampleSize) {
    public static final double DEFAULT_ALPHA = 0.05;
    public static final double DEFAULT_POWER = 0.8;
    public static final int MIN_SAMPLE_SIZE = 30;

    public FrequentistSettings {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1)");
        }
        if (!(power > 0 && power < 1)) {
            throw new IllegalArgumentException("power must be in (0, 1)");
        }
    }

    public static FrequentistSettings defaults() {
        return new FrequentistSettings(DEFAULT_ALPHA, DEFAULT_POWER, MIN_SAMPLE_SIZE);
    }
}
