package io.toggleworks.das.stats;

import java.util.Optional;

/**
 * FeatBit's frequentist comparison of a treatment arm with the control arm (infrastructure-and-analytics.md §5.4.4):
 * relative lift δ = (m_t − m_c)/m_c, its delta-method variance, a Welch t-test on δ, and the decision sequence whose
 * reason strings (typos included) the portal displays.
 */
public final class OnlineTTest {
    public static final String TOO_FEW_USERS = "quantity of control or traitement is too small";
    public static final String CONTROL_EMPTY = "control is empty";
    public static final String TREATMENT_EMPTY = "traitement is empty";
    public static final String IS_BASELINE = "is baseline";
    /** Ours: FeatBit divides by the control mean and fails with a server error when it is 0 (ADR 0075). */
    public static final String CONTROL_MEAN_ZERO = "control mean is zero";

    private OnlineTTest() {
    }

    /** δ = (m_t − m_c) / m_c. */
    public static double relativeLift(Arm control, Arm treatment) {
        return (treatment.mean() - control.mean()) / control.mean();
    }

    /** Var(δ) ≈ (v_t/n_t)/m_c² + (v_c/n_c)·m_t²/m_c⁴ (first-order delta method for a ratio of means). */
    public static double liftVariance(Arm control, Arm treatment) {
        double vnt = treatment.variance() / treatment.count();
        double vnc = control.variance() / control.count();
        double mc = control.mean();
        double mt = treatment.mean();
        return vnt / (mc * mc) + vnc * (mt * mt) / (mc * mc * mc * mc);
    }

    /** Welch–Satterthwaite degrees of freedom. */
    public static double welchDf(Arm control, Arm treatment) {
        double nt = treatment.count();
        double nc = control.count();
        double vnt = treatment.variance() / nt;
        double vnc = control.variance() / nc;
        return (vnt + vnc) * (vnt + vnc) / (vnt * vnt / (nt - 1) + vnc * vnc / (nc - 1));
    }

    /** Two-sided p-value 2·(1 − F_t(|t|; df)), computed as FeatBit does (so tiny values round to 0 alike). */
    public static double pValue(Arm control, Arm treatment) {
        double t = relativeLift(control, treatment) / Math.sqrt(liftVariance(control, treatment));
        return 2 * (1 - StudentT.cdf(Math.abs(t), welchDf(control, treatment)));
    }

    /**
     * The treatment users needed for the target power: Cohen's d on the pooled standard deviation, statsmodels'
     * {@code tt_ind_solve_power} (two-sided, ratio n_t/n_c), rounded up.
     */
    public static double requiredSampleSize(Arm control, Arm treatment, FrequentistSettings settings) {
        double nt = treatment.count();
        double nc = control.count();
        double pooledSd = Math.sqrt(((nt - 1) * treatment.variance() + (nc - 1) * control.variance()) / (nt + nc - 2));
        double d = Math.abs((treatment.mean() - control.mean()) / pooledSd);
        return Math.ceil(TTestIndPower.solveNobs1(d, settings.alpha(), settings.power(), nt / nc));
    }

    public static Verdict verdict(Arm control, Arm treatment, boolean isBaseline, FrequentistSettings settings) {
        if (control.count() < settings.minSampleSize() || treatment.count() < settings.minSampleSize()) {
            return invalid(treatment, isBaseline, TOO_FEW_USERS);
        }
        if (control.variance() == 0) {
            return invalid(treatment, isBaseline, CONTROL_EMPTY);
        }
        if (treatment.variance() == 0) {
            return invalid(treatment, isBaseline, TREATMENT_EMPTY);
        }
        if (isBaseline) {
            return new Verdict(treatment, Optional.of(Estimate.BASELINE), true, false, false, IS_BASELINE);
        }
        if (control.mean() == 0) {
            return invalid(treatment, false, CONTROL_MEAN_ZERO);
        }
        double delta = relativeLift(control, treatment);
        double se = Math.sqrt(liftVariance(control, treatment));
        double df = welchDf(control, treatment);
        double p = 2 * (1 - StudentT.cdf(Math.abs(delta / se), df));
        double margin = StudentT.quantile(1 - settings.alpha() / 2, df) * se;
        Estimate estimate = new Estimate(delta, delta - margin, delta + margin, p);
        if (p >= settings.alpha()) {
            String reason = "p_value >= alpha (" + NumberFormats.pythonRepr(p) + " >= "
                    + NumberFormats.pythonRepr(settings.alpha()) + ")";
            return new Verdict(treatment, Optional.of(estimate), false, false, false, reason);
        }
        double required = requiredSampleSize(control, treatment, settings);
        if (treatment.count() < required) {
            // FeatBit prints the count as an int and the ceiling as a float: "(35 < 36.0)".
            String reason = "sample size is too small (" + treatment.count() + " < "
                    + NumberFormats.pythonRepr(required) + ")";
            return new Verdict(treatment, Optional.of(estimate), false, false, false, reason);
        }
        return new Verdict(treatment, Optional.of(estimate), false, true, false, "");
    }

    private static Verdict invalid(Arm treatment, boolean isBaseline, String reason) {
        return new Verdict(treatment, Optional.empty(), isBaseline, false, false, reason);
    }
}
