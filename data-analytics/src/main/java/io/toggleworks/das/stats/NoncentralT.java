package io.toggleworks.das.stats;

/**
 * The noncentral t distribution's CDF, needed for the power of a two-sample t-test. Lenth's series (Applied
 * Statistics algorithm AS 243): a Poisson-weighted sum of incomplete beta functions, with an error bound.
 */
public final class NoncentralT {
    private static final double ERR_MAX = 1e-14;
    private static final int MAX_TERMS = 100_000;
    private static final double SQRT_2_OVER_PI = 0.7978845608028654;

    private NoncentralT() {
    }

    /** P(T ≤ t) for T noncentral t with {@code df} degrees of freedom and noncentrality {@code delta}. */
    public static double cdf(double t, double df, double delta) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0, got " + df);
        }
        if (Double.isNaN(t) || Double.isNaN(delta)) {
            return Double.NaN;
        }
        boolean negative = t < 0;
        double tt = negative ? -t : t;
        double del = negative ? -delta : delta;
        double tnc = 0;
        double x = tt * tt / (tt * tt + df);
        if (x > 0) {
            double lambda = del * del;
            double p = 0.5 * Math.exp(-0.5 * lambda);
            double q = SQRT_2_OVER_PI * p * del;
            double s = 0.5 - p;
            double a = 0.5;
            double b = 0.5 * df;
            double rxb = Math.pow(1 - x, b);
            double lnBetaAB = SpecialFunctions.lnBeta(a, b);
            double xodd = SpecialFunctions.regularizedBeta(x, a, b);
            double godd = 2 * rxb * Math.exp(a * Math.log(x) - lnBetaAB);
            double xeven = 1 - rxb;
            double geven = b * x * rxb;
            tnc = p * xodd + q * xeven;
            double en = 1;
            while (true) {
                a += 1;
                xodd -= godd;
                xeven -= geven;
                godd *= x * (a + b - 1) / a;
                geven *= x * (a + b - 0.5) / (a + 0.5);
                p *= lambda / (2 * en);
                q *= lambda / (2 * en + 1);
                s -= p;
                en += 1;
                tnc += p * xodd + q * xeven;
                double errorBound = 2 * s * (xodd - godd);
                if (!(errorBound > ERR_MAX) || en > MAX_TERMS) {
                    break;
                }
            }
        }
        tnc += SpecialFunctions.normalCdf(-del);
        double result = negative ? 1 - tnc : tnc;
        return Math.min(1, Math.max(0, result));
    }
}
