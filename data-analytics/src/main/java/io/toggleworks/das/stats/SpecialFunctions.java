package io.toggleworks.das.stats;

/**
 * Log-gamma, log-beta, the regularized incomplete beta and gamma functions and the normal CDF, accurate to about
 * 1e-14 relative: enough that a p-value or an interval bound agrees with SciPy's in every digit we print.
 */
public final class SpecialFunctions {
    static final double LN_SQRT_2PI = 0.9189385332046727418;
    static final double LN_SQRT_PI = 0.5723649429247000870;
    private static final double EPS = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 1_000_000;

    // Lanczos coefficients (Numerical Recipes, 3rd ed., g = 671/128, n = 14).
    private static final double[] LANCZOS = {
            57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
            .339946499848118887e-4, .465236289270485756e-4, -.983744753048795646e-4, .158088703224912494e-3,
            -.210264441724104883e-3, .217439618115212643e-3, -.164318106536763890e-3, .844182239838527433e-4,
            -.261908384015814087e-4, .368991826595316234e-5};

    private SpecialFunctions() {
    }

    /** ln Γ(x) for x > 0. */
    public static double lnGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("lnGamma needs x > 0, got " + x);
        }
        if (x >= 10) {
            return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingCorrection(x);
        }
        double y = x;
        double tmp = x + 5.24218750000000000;
        tmp = (x + 0.5) * Math.log(tmp) - tmp;
        double ser = 0.999999999999997092;
        for (double c : LANCZOS) {
            ser += c / ++y;
        }
        return tmp + Math.log(2.5066282746310005 * ser / x);
    }

    /** ln Γ(x) − ((x − ½) ln x − x + ln √(2π)), the Stirling series remainder, for x ≥ 10. */
    static double stirlingCorrection(double x) {
        double x2 = 1 / (x * x);
        return (1.0 / 12 - x2 * (1.0 / 360 - x2 * (1.0 / 1260 - x2 * (1.0 / 1680 - x2 / 1188)))) / x;
    }

    /**
     * ln B(a, b). For large arguments the three log-gammas are combined analytically so the large terms cancel
     * before rounding (the difference of two lnΓ of size 1e7 would keep only 9 digits).
     */
    public static double lnBeta(double a, double b) {
        double p = Math.min(a, b);
        double q = Math.max(a, b);
        if (!(p > 0)) {
            throw new IllegalArgumentException("lnBeta needs a, b > 0");
        }
        if (p >= 10) {
            double corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
            return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q))
                    + q * Math.log1p(-p / (p + q));
        }
        if (q >= 10) {
            double corr = stirlingCorrection(q) - stirlingCorrection(p + q);
            return lnGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
        }
        return lnGamma(p) + lnGamma(q) - lnGamma(p + q);
    }

    /** The regularized incomplete beta function I_x(a, b). */
    public static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        // The continued fraction converges fast below the mean; above it, use I_x(a,b) = 1 − I_{1−x}(b,a).
        if (x > (a + 1) / (a + b + 2)) {
            return 1 - regularizedBeta(1 - x, b, a);
        }
        double lnFront = a * Math.log(x) + b * Math.log1p(-x) - lnBeta(a, b);
        return Math.exp(lnFront) * betaContinuedFraction(x, a, b) / a;
    }

    /** Modified Lentz evaluation of the continued fraction for I_x(a, b). */
    private static double betaContinuedFraction(double x, double a, double b) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        if (Math.abs(d) < TINY) {
            d = TINY;
        }
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= MAX_ITERATIONS; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete beta did not converge for x=" + x + ", a=" + a + ", b=" + b);
    }

    /** The regularized lower incomplete gamma function P(a, x). */
    public static double regularizedGammaP(double a, double x) {
        if (x <= 0) {
            return 0;
        }
        if (x < a + 1) {
            return gammaSeries(a, x);
        }
        return 1 - gammaContinuedFraction(a, x);
    }

    /** The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), without cancellation in the tail. */
    public static double regularizedGammaQ(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        if (x < a + 1) {
            return 1 - gammaSeries(a, x);
        }
        return gammaContinuedFraction(a, x);
    }

    private static double gammaSeries(double a, double x) {
        double ap = a;
        double del = 1 / a;
        double sum = del;
        for (int n = 0; n < MAX_ITERATIONS; n++) {
            ap++;
            del *= x / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * EPS) {
                return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
            }
        }
        throw new ArithmeticException("incomplete gamma series did not converge");
    }

    private static double gammaContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i <= MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
            }
        }
        throw new ArithmeticException("incomplete gamma fraction did not converge");
    }

    /** Φ(x), the standard normal CDF, through Φ(x) = ½ (1 + sign(x) P(½, x²/2)) and the tail form for x < 0. */
    public static double normalCdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return 0.5 * regularizedGammaQ(0.5, x * x / 2);
        }
        return 1 - 0.5 * regularizedGammaQ(0.5, x * x / 2);
    }
}
