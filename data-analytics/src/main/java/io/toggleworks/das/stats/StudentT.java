package io.toggleworks.das.stats;

/** Student's t distribution with real-valued degrees of freedom (Welch's df is not an integer). */
public final class StudentT {
    private StudentT() {
    }

    /** F(t; df) = P(T ≤ t). */
    public static double cdf(double t, double df) {
        requireDf(df);
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 1 : 0;
        }
        // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2); for small t use the complement form to keep precision.
        double t2 = t * t;
        double tail;
        if (t2 < df) {
            tail = 1 - SpecialFunctions.regularizedBeta(t2 / (df + t2), 0.5, df / 2);
        } else {
            tail = SpecialFunctions.regularizedBeta(df / (df + t2), df / 2, 0.5);
        }
        double half = tail / 2;
        return t > 0 ? 1 - half : half;
    }

    /** The density, used by the quantile's Newton steps. */
    public static double pdf(double t, double df) {
        requireDf(df);
        double lnNorm = -SpecialFunctions.lnBeta(0.5, df / 2) - 0.5 * Math.log(df);
        return Math.exp(lnNorm - (df + 1) / 2 * Math.log1p(t * t / df));
    }

    /** F⁻¹(p; df): the t with F(t) = p, found by safeguarded Newton steps inside a bracket. */
    public static double quantile(double p, double df) {
        requireDf(df);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (p == 0.5) {
            return 0;
        }
        if (p < 0.5) {
            return -quantile(1 - p, df);
        }
        double lo = 0;
        double hi = 1;
        while (cdf(hi, df) < p) {
            lo = hi;
            hi *= 2;
            if (hi > 1e300) {
                return Double.POSITIVE_INFINITY;
            }
        }
        double x = (lo + hi) / 2;
        for (int i = 0; i < 200; i++) {
            double f = cdf(x, df) - p;
            if (f == 0) {
                return x;
            }
            if (f < 0) {
                lo = x;
            } else {
                hi = x;
            }
            double next = x - f / pdf(x, df);
            if (!(next > lo && next < hi)) {
                next = (lo + hi) / 2;
            }
            if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) {
                return next;
            }
            x = next;
        }
        return x;
    }

    private static void requireDf(double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0, got " + df);
        }
    }
}
