package io.toggleworks.das.stats;

/**
 * Power of the two-sided, two-sample t-test and the sample size that reaches a target power, with the semantics of
 * statsmodels' {@code TTestIndPower} / {@code tt_ind_solve_power} that FeatBit's DAS calls: {@code nobs2 = nobs1 ·
 * ratio}, {@code df = nobs1 + nobs2 − 2}, noncentrality {@code d · √(1/(1/nobs1 + 1/nobs2))}.
 */
public final class TTestIndPower {
    private TTestIndPower() {
    }

    /** The probability of rejecting H0 at {@code alpha} (two-sided) when the true standardized effect is {@code d}. */
    public static double power(double effectSize, double nobs1, double alpha, double ratio) {
        double nobs2 = nobs1 * ratio;
        double df = nobs1 - 1 + nobs2 - 1;
        double nobs = 1 / (1 / nobs1 + 1 / nobs2);
        double critUpper = StudentT.quantile(1 - alpha / 2, df);
        double critLower = -critUpper;
        double nc = effectSize * Math.sqrt(nobs);
        return (1 - NoncentralT.cdf(critUpper, df, nc)) + NoncentralT.cdf(critLower, df, nc);
    }

    /**
     * The (real-valued) {@code nobs1} at which the power equals {@code power}; callers take the ceiling as FeatBit
     * does. Power grows with nobs1, so a bracket found by doubling and then bisection to 1e-10 suffices. When even the
     * smallest design (nobs1 = 2) is powerful enough, 2 is returned.
     */
    public static double solveNobs1(double effectSize, double alpha, double power, double ratio) {
        if (!(effectSize > 0) || !(alpha > 0 && alpha < 1) || !(power > 0 && power < 1) || !(ratio > 0)) {
            throw new IllegalArgumentException("effect size, ratio > 0 and alpha, power in (0, 1) required");
        }
        double lo = 2;
        if (power(effectSize, lo, alpha, ratio) >= power) {
            return lo;
        }
        double hi = 4;
        while (power(effectSize, hi, alpha, ratio) < power) {
            lo = hi;
            hi *= 2;
            if (hi > 1e15) {
                return Double.POSITIVE_INFINITY;
            }
        }
        while (hi - lo > 1e-10 * hi) {
            double mid = (lo + hi) / 2;
            if (power(effectSize, mid, alpha, ratio) < power) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
