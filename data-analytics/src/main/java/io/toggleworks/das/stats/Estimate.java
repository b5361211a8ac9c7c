package io.toggleworks.das.stats;

/** Relative lift of a treatment over the control ({@code effectSize}), its confidence interval and p-value. */
public record Estimate(double delta, double ciLow, double ciHigh, double pValue) {
    static final Estimate BASELINE = new Estimate(0, 0, 0, 1);
}
