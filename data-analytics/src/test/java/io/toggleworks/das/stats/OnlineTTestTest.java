package io.toggleworks.das.stats;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * FeatBit's frequentist decision, §5.4.4. Lift, delta-method variance and Welch df are worked out by hand in the
 * comments; p-values, interval bounds and required sizes are SciPy 1.17.1 (stats.t, stats.nct + brentq for
 * statsmodels' tt_ind_solve_power) on the same inputs.
 */
class OnlineTTestTest {
    static final FrequentistSettings DEFAULTS = FrequentistSettings.defaults();
    // Control: 1000 users, 100 converted: p_c = 0.1, v_c = 0.1·0.9 = 0.09.
    static final Arm CONTROL = Arm.conversion("c", 1000, 100);

    @Test
    void conversionArmMeanAndVariance() {
        Arm arm = Arm.conversion("t", 1000, 130);
        assertThat(arm.mean()).isEqualTo(0.13);
        assertThat(arm.variance()).isCloseTo(0.1131, within(1e-15)); // 0.13 · 0.87
        assertThat(Arm.conversion("z", 0, 0).mean()).isZero();
    }

    @Test
    void notSignificantWhenPValueAtLeastAlpha() {
        Arm treatment = Arm.conversion("t", 1000, 130); // p_t = 0.13, v_t = 0.1131
        // δ = (0.13 − 0.1)/0.1 = 0.3
        assertThat(OnlineTTest.relativeLift(CONTROL, treatment)).isCloseTo(0.3, within(1e-15));
        // V = (0.1131/1000)/0.1² + (0.09/1000)·0.13²/0.1⁴ = 0.01131 + 0.01521 = 0.02652
        assertThat(OnlineTTest.liftVariance(CONTROL, treatment)).isCloseTo(0.02652, within(1e-15));
        // df = (1.131e-4 + 9e-5)² / ((1.131e-4)²/999 + (9e-5)²/999) = 4.124961e-8 · 999 / 2.089161e-8 = 1972.4837...
        assertThat(OnlineTTest.welchDf(CONTROL, treatment)).isCloseTo(1972.48370948912, within(1e-9));

        Verdict v = OnlineTTest.verdict(CONTROL, treatment, false, DEFAULTS);
        Estimate e = v.estimate().orElseThrow();
        assertThat(e.pValue()).isCloseTo(0.06559733260262468, within(1e-13)); // t = 0.3/√0.02652 = 1.84219
        assertThat(e.ciLow()).isCloseTo(-0.019375372265978963, within(1e-12));
        assertThat(e.ciHigh()).isCloseTo(0.6193753722659789, within(1e-12));
        assertThat(v.significant()).isFalse();
        assertThat(v.baseline()).isFalse();
        assertThat(v.reason()).startsWith("p_value >= alpha (0.065597332602").endsWith(" >= 0.05)");
    }

    @Test
    void significantLift() {
        Arm treatment = Arm.conversion("t", 1000, 150); // δ = 0.5, V = 0.01275 + 0.02025 = 0.033
        Verdict v = OnlineTTest.verdict(CONTROL, treatment, false, DEFAULTS);
        Estimate e = v.estimate().orElseThrow();
        assertThat(e.delta()).isCloseTo(0.5, within(1e-15));
        assertThat(e.pValue()).isCloseTo(0.0059709156888168025, within(1e-13));
        assertThat(e.ciLow()).isCloseTo(0.14373262506495288, within(1e-12));
        assertThat(e.ciHigh()).isCloseTo(0.8562673749350469, within(1e-12));
        // pooled sd = √((999·0.1275 + 999·0.09)/1998) = √0.10875; d = 0.05/0.329773 = 0.151620 → 684 users
        assertThat(OnlineTTest.requiredSampleSize(CONTROL, treatment, DEFAULTS)).isEqualTo(684.0);
        assertThat(v.significant()).isTrue();
        assertThat(v.reason()).isEmpty();
    }

    @Test
    void tooFewUsersForThePowerEvenWhenSignificant() {
        Arm treatment = Arm.conversion("t", 1000, 70); // δ = −0.3, p = 0.00414, needs 1354 users
        Verdict v = OnlineTTest.verdict(CONTROL, treatment, false, DEFAULTS);
        assertThat(v.estimate().orElseThrow().pValue()).isCloseTo(0.004137962742982282, within(1e-13));
        assertThat(v.significant()).isFalse();
        assertThat(v.reason()).isEqualTo("sample size is too small (1000 < 1354.0)");
    }

    @Test
    void alphaFromTheRequestDecides() {
        Arm control = Arm.conversion("c", 200, 20);
        Arm treatment = Arm.conversion("t", 100, 22); // δ = 1.2, p = 0.05634, needs 86 (ratio 0.5)
        FrequentistSettings loose = new FrequentistSettings(0.3, 0.8, 30);
        Verdict v = OnlineTTest.verdict(control, treatment, false, loose);
        assertThat(v.significant()).isTrue();
        assertThat(v.estimate().orElseThrow().ciLow()).isCloseTo(0.5510391254585031, within(1e-12));
        assertThat(OnlineTTest.requiredSampleSize(control, treatment, loose)).isEqualTo(86.0);
        assertThat(OnlineTTest.verdict(control, treatment, false, DEFAULTS).reason())
                .startsWith("p_value >= alpha (0.0563412225911").endsWith(" >= 0.05)");
    }

    @Test
    void numericArms() {
        // control 40 users, mean 10, var 4; treatment 50 users, mean 11.5, var 6.25
        Arm control = Arm.numeric("c", 40, 400, 10, 4);
        Arm treatment = Arm.numeric("t", 50, 575, 11.5, 6.25);
        // δ = 0.15; V = (6.25/50)/100 + (4/40)·132.25/10⁴ = 0.00125 + 0.0013225 = 0.0025725
        assertThat(OnlineTTest.liftVariance(control, treatment)).isCloseTo(0.0025725, within(1e-16));
        Verdict v = OnlineTTest.verdict(control, treatment, false, DEFAULTS);
        Estimate e = v.estimate().orElseThrow();
        assertThat(e.pValue()).isCloseTo(0.0039827927519575645, within(1e-13));
        assertThat(e.ciLow()).isCloseTo(0.04920500945128109, within(1e-12));
        assertThat(e.ciHigh()).isCloseTo(0.2507949905487189, within(1e-12));
        assertThat(OnlineTTest.requiredSampleSize(control, treatment, DEFAULTS)).isEqualTo(34.0);
        assertThat(v.significant()).isTrue();
    }

    @Test
    void decisionSequenceInOrder() {
        Arm small = Arm.conversion("s", 29, 5);
        assertThat(OnlineTTest.verdict(small, CONTROL, false, DEFAULTS))
                .extracting(Verdict::reason, Verdict::estimate, Verdict::significant)
                .containsExactly("quantity of control or traitement is too small", Optional.empty(), false);
        // Too few users comes first even for the baseline, which keeps its flag.
        Verdict smallBaseline = OnlineTTest.verdict(small, small, true, DEFAULTS);
        assertThat(smallBaseline.reason()).isEqualTo("quantity of control or traitement is too small");
        assertThat(smallBaseline.baseline()).isTrue();

        Arm noConversions = Arm.conversion("n", 100, 0);
        assertThat(OnlineTTest.verdict(noConversions, CONTROL, false, DEFAULTS).reason()).isEqualTo("control is empty");
        assertThat(OnlineTTest.verdict(CONTROL, noConversions, false, DEFAULTS).reason())
                .isEqualTo("traitement is empty");
        assertThat(OnlineTTest.verdict(noConversions, noConversions, true, DEFAULTS).reason())
                .isEqualTo("control is empty");

        Verdict baseline = OnlineTTest.verdict(CONTROL, CONTROL, true, DEFAULTS);
        assertThat(baseline.reason()).isEqualTo("is baseline");
        assertThat(baseline.baseline()).isTrue();
        assertThat(baseline.significant()).isFalse();
        assertThat(baseline.estimate()).contains(new Estimate(0, 0, 0, 1));
    }

    @Test
    void zeroControlMeanIsInvalidNotAnError() {
        Arm control = Arm.numeric("c", 40, 0, 0, 4);
        Arm treatment = Arm.numeric("t", 40, 40, 1, 4);
        Verdict v = OnlineTTest.verdict(control, treatment, false, DEFAULTS);
        assertThat(v.reason()).isEqualTo("control mean is zero");
        assertThat(v.estimate()).isEmpty();
    }

    static Verdict significant(String id, double delta) {
        return new Verdict(Arm.empty(id, false), Optional.of(new Estimate(delta, delta - 1, delta + 1, 0.01)),
                false, true, false, "");
    }

    static Verdict invalid(String id) {
        return new Verdict(Arm.empty(id, false), Optional.empty(), false, false, false, "control is empty");
    }

    @Test
    void winnerIsTheLargestPositiveLiftAndSignificantArmsComeFirstByLift() {
        List<Verdict> out = WinnerRule.apply(List.of(invalid("x"), significant("a", 0.3), significant("b", -0.2),
                significant("c", 0.1)), WinnerRule.HIGHER_IS_BETTER);
        assertThat(out).extracting(v -> v.arm().variationId()).containsExactly("b", "c", "a", "x");
        assertThat(out).extracting(Verdict::winner).containsExactly(false, false, true, false);
    }

    @Test
    void lowerIsBetterPicksTheMostNegativeLift() {
        List<Verdict> out = WinnerRule.apply(List.of(significant("a", 0.3), significant("b", -0.2)),
                WinnerRule.LOWER_IS_BETTER);
        assertThat(out).extracting(Verdict::winner).containsExactly(true, false);
        assertThat(out.getFirst().arm().variationId()).isEqualTo("b");
    }

    @Test
    void lowerIsBetterWithoutANegativeLiftStillCrownsTheLargestPositiveOne() {
        // FeatBit's quirk, kept for compatibility (ADR 0075).
        List<Verdict> out = WinnerRule.apply(List.of(significant("a", 0.3), significant("b", 0.2)),
                WinnerRule.LOWER_IS_BETTER);
        assertThat(out).extracting(v -> v.arm().variationId()).containsExactly("b", "a");
        assertThat(out).extracting(Verdict::winner).containsExactly(false, true);
    }

    @Test
    void noWinnerWithoutAPositiveLiftOrAnySignificantArm() {
        assertThat(WinnerRule.apply(List.of(significant("a", -0.3)), WinnerRule.HIGHER_IS_BETTER))
                .extracting(Verdict::winner).containsExactly(false);
        assertThat(WinnerRule.apply(List.of(invalid("a"), invalid("b")), WinnerRule.LOWER_IS_BETTER))
                .extracting(Verdict::winner).containsExactly(false, false);
    }
}
