package io.toggleworks.das.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * References: ∫ f_c(x)·(1 − F_t(x)) dx with SciPy 1.17.1 quad over Beta(1+s, 1+n−s) posteriors (abs. error 1e-14).
 */
class BayesianComparisonTest {

    @ParameterizedTest
    @CsvSource({
            "10, 3, 12, 6, 0.8153856508278365",
            "1000, 100, 1000, 130, 0.9821650661163503",
            "1000, 100, 1000, 70, 0.008117398480575659",
            "50, 0, 50, 1, 0.7524752475247526", // by hand: 76/101
            "300000, 30000, 300000, 30300, 0.9011493131883745"})
    void conversionProbabilityToBeatBaseline(long nc, long sc, long nt, long st, double expected) {
        double p = BayesianComparison.probabilityToBeat(Arm.conversion("c", nc, sc), Arm.conversion("t", nt, st),
                false).orElseThrow();
        assertThat(p).isCloseTo(expected, within(1e-10));
        double lower = BayesianComparison.probabilityToBeat(Arm.conversion("c", nc, sc), Arm.conversion("t", nt, st),
                true).orElseThrow();
        assertThat(lower).isCloseTo(1 - expected, within(1e-10));
    }

    @Test
    void identicalArmsAreAToss() {
        Arm a = Arm.conversion("a", 500, 40);
        assertThat(BayesianComparison.probabilityToBeat(a, a, false).orElseThrow()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void veryLargeArmsUseTheNormalApproximationAndStayConsistent() {
        // 2.5 million conversions per arm: past the exact sum's limit. Symmetric arms → 0.5, a clear lift → ~1.
        Arm c = Arm.conversion("c", 25_000_000, 2_500_000);
        assertThat(BayesianComparison.probabilityToBeat(c, c, false).orElseThrow()).isCloseTo(0.5, within(1e-12));
        Arm t = Arm.conversion("t", 25_000_000, 2_510_000);
        // z = 1e-4·... : (0.1004 − 0.1)/√(2·0.1·0.9/25e6) = 0.0004/8.485e-5 = 4.714 → Φ = 0.9999988
        assertThat(BayesianComparison.probabilityToBeat(c, t, false).orElseThrow()).isCloseTo(0.9999988, within(1e-6));
    }

    @Test
    void numericArmsUseNormalPosteriors() {
        Arm control = Arm.numeric("c", 40, 400, 10, 4);
        Arm treatment = Arm.numeric("t", 50, 575, 11.5, 6.25);
        // Φ(1.5/√(6.25/50 + 4/40)) = Φ(3.1623) — SciPy norm.cdf: 0.9992172988709987
        assertThat(BayesianComparison.probabilityToBeat(control, treatment, false).orElseThrow())
                .isCloseTo(0.9992172988709987, within(1e-12));
    }

    @Test
    void emptyWithoutData() {
        assertThat(BayesianComparison.probabilityToBeat(Arm.conversion("c", 0, 0), Arm.conversion("t", 10, 1), false))
                .isEmpty();
        assertThat(BayesianComparison.probabilityToBeat(Arm.numeric("c", 1, 1, 1, 0), Arm.numeric("t", 5, 5, 1, 1),
                false)).isEmpty();
    }
}
