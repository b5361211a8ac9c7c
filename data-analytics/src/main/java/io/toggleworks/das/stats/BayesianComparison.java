package io.toggleworks.das.stats;

import java.util.OptionalDouble;

/**
 * The probability that a treatment arm is better than the baseline, beside FeatBit's p-values (FeatBit has no
 * Bayesian view). Conversion: Beta(1 + conversions, 1 + non-conversions) posteriors (uniform prior) and the exact
 * closed form of P(p_t > p_c) as a finite sum; above {@link #EXACT_TERMS_LIMIT} terms a normal approximation of both
 * posteriors, which is then accurate far beyond the 5 printed decimals. Numeric: flat-prior normal posteriors of the
 * two means, P = Φ((m_t − m_c) / √(v_t/n_t + v_c/n_c)).
 */
public final class BayesianComparison {
    static final int EXACT_TERMS_LIMIT = 200_000;

    private BayesianComparison() {
    }

    /**
     * P(treatment beats control), where "beats" means a higher mean, or a lower one when {@code lowerIsBetter}.
     * Empty when either arm lacks the data for a posterior (no users; for numeric arms fewer than 2 users or no
     * spread at all).
     */
    public static OptionalDouble probabilityToBeat(Arm control, Arm treatment, boolean lowerIsBetter) {
        OptionalDouble higher = treatment.numeric() || control.numeric()
                ? numericProbabilityHigher(control, treatment)
                : conversionProbabilityHigher(control, treatment);
        if (higher.isEmpty()) {
            return higher;
        }
        return OptionalDouble.of(lowerIsBetter ? 1 - higher.getAsDouble() : higher.getAsDouble());
    }

    static OptionalDouble conversionProbabilityHigher(Arm control, Arm treatment) {
        if (control.count() == 0 || treatment.count() == 0) {
            return OptionalDouble.empty();
        }
        double aC = 1 + Math.round(control.sum());
        double bC = 1 + control.count() - Math.round(control.sum());
        double aT = 1 + Math.round(treatment.sum());
        double bT = 1 + treatment.count() - Math.round(treatment.sum());
        if (Math.min(aC, aT) > EXACT_TERMS_LIMIT) {
            return OptionalDouble.of(normalApproximation(aC, bC, aT, bT));
        }
        // The sum runs over the first shape of the arm asked about; swap roles to keep it short.
        if (aT <= aC) {
            return OptionalDouble.of(clamp(betaGreater(aC, bC, aT, bT)));
        }
        return OptionalDouble.of(clamp(1 - betaGreater(aT, bT, aC, bC)));
    }

    /**
     * P(X_B > X_A) for X_A ~ Beta(aA, bA), X_B ~ Beta(aB, bB), aB a positive integer (Evan Miller's closed form):
     * Σ_{i<aB} B(aA+i, bA+bB) / ((bB+i) B(1+i, bB) B(aA, bA)). Consecutive terms differ by the factor
     * (aA+i)(bB+i) / ((aA+bA+bB+i)(1+i)), so the sum costs one logarithm per term, kept in log space so that
     * no term underflows before it matters.
     */
    static double betaGreater(double aA, double bA, double aB, double bB) {
        double lnTerm = SpecialFunctions.lnBeta(aA, bA + bB) - SpecialFunctions.lnBeta(aA, bA);
        double total = 0;
        int terms = (int) aB;
        for (int i = 0; i < terms; i++) {
            total += Math.exp(lnTerm);
            lnTerm += Math.log((aA + i) * (bB + i) / ((aA + bA + bB + i) * (1 + i)));
        }
        return total;
    }

    private static double normalApproximation(double aC, double bC, double aT, double bT) {
        double mC = aC / (aC + bC);
        double mT = aT / (aT + bT);
        double vC = aC * bC / ((aC + bC) * (aC + bC) * (aC + bC + 1));
        double vT = aT * bT / ((aT + bT) * (aT + bT) * (aT + bT + 1));
        return SpecialFunctions.normalCdf((mT - mC) / Math.sqrt(vC + vT));
    }

    static OptionalDouble numericProbabilityHigher(Arm control, Arm treatment) {
        if (control.count() < 2 || treatment.count() < 2) {
            return OptionalDouble.empty();
        }
        double se = Math.sqrt(treatment.variance() / treatment.count() + control.variance() / control.count());
        if (!(se > 0)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(SpecialFunctions.normalCdf((treatment.mean() - control.mean()) / se));
    }

    private static double clamp(double p) {
        return Math.min(1, Math.max(0, p));
    }
}
