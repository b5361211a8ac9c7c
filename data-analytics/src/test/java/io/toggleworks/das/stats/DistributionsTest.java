package io.toggleworks.das.stats;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Reference values: Python 3.11 math.lgamma and SciPy 1.17.1 (special.betaln, betainc, ndtr, stats.t, stats.nct). */
class DistributionsTest {

    @ParameterizedTest
    @CsvSource({
            "0.5, 0.5723649429247004",
            "1.5, -0.12078223763524543",
            "3.7, 1.4280723266653883",
            "10.0, 12.801827480081467",
            "123.4, 469.3360974421906",
            "1e6, 12815504.569147611"})
    void lnGamma(double x, double expected) {
        assertThat(SpecialFunctions.lnGamma(x)).isCloseTo(expected, within(Math.abs(expected) * 1e-14 + 1e-14));
    }

    /** mpmath (30 digits) for the large arguments: SciPy's betaln is off by 1e-10 relative there. */
    @ParameterizedTest
    @CsvSource({
            "0.5, 15.0, -0.7733283654522322",
            "0.5, 1e6, -6.335390211057437",
            "40.0, 1e6, -445.9894420476577",
            "2.0, 3.0, -2.4849066497880004", // ln(1/12), by hand
            "1e6, 2e6, -1909548.2909685330"})
    void lnBeta(double a, double b, double expected) {
        assertThat(SpecialFunctions.lnBeta(a, b)).isCloseTo(expected, within(Math.abs(expected) * 1e-13));
    }

    @ParameterizedTest
    @CsvSource({
            "0.4, 2, 3, 0.5248", // by hand: I_0.4(2,3) = Σ_{j=2..4} C(4,j) 0.4^j 0.6^(4-j)
            "0.3, 0.5, 10, 0.9916774951375363",
            "0.97, 50, 0.5, 0.08169933372182264",
            "0.999, 1000, 0.5, 0.15724727426672383"})
    void regularizedBeta(double x, double a, double b, double expected) {
        assertThat(SpecialFunctions.regularizedBeta(x, a, b)).isCloseTo(expected, within(1e-13));
    }

    @ParameterizedTest
    @CsvSource({
            "-3.0, 0.0013498980316300933",
            "-1.0, 0.15865525393145707",
            "0.0, 0.5",
            "0.5, 0.6914624612740131",
            "1.96, 0.9750021048517795",
            "8.0, 0.9999999999999993",
            "-8.0, 6.22096057427174e-16"})
    void normalCdf(double x, double expected) {
        assertThat(SpecialFunctions.normalCdf(x)).isCloseTo(expected, within(Math.abs(expected) * 1e-12 + 1e-16));
    }

    @ParameterizedTest
    @CsvSource({
            "1.0, 1.0, 0.75", // Cauchy, by hand: 1/2 + atan(1)/π
            "2.0, 5.0, 0.9490302605850708",
            "-1.5, 12.3, 0.07941942338275546",
            "0.3, 1000.0, 0.617880247916378",
            "4.0, 2.5, 0.9804935120793409",
            "2.5, 1e6, 0.9937902552490704", // mpmath; SciPy prints ...489184
            "0.05, 57.3, 0.519851862490454"})
    void studentTCdf(double t, double df, double expected) {
        assertThat(StudentT.cdf(t, df)).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest
    @CsvSource({
            "0.975, 10.0, 2.228138851986274",
            "0.975, 1.0, 12.706204736174694",
            "0.995, 57.3, 2.6643894364923972",
            "0.975, 1e5, 1.9599877075346095",
            "0.9, 3.5, 1.5765766051364052"})
    void studentTQuantile(double p, double df, double expected) {
        assertThat(StudentT.quantile(p, df)).isCloseTo(expected, within(Math.abs(expected) * 1e-12));
        assertThat(StudentT.quantile(1 - p, df)).isCloseTo(-expected, within(Math.abs(expected) * 1e-10));
    }

    @ParameterizedTest
    @CsvSource({
            "2.0, 10.0, 1.0, 0.8076115625303752",
            "1.96, 100.0, 2.8, 0.20131779528664703",
            "-1.96, 100.0, 2.8, 1.2334595576569095e-06",
            "0.5, 5.0, -1.0, 0.9276977565230959",
            "3.0, 40.0, 0.0, 0.9976849301079219"})
    void noncentralTCdf(double t, double df, double nc, double expected) {
        assertThat(NoncentralT.cdf(t, df, nc)).isCloseTo(expected, within(Math.abs(expected) * 1e-9 + 1e-14));
    }

    /** statsmodels' tt_ind_solve_power(effect_size, alpha, power, ratio) → nobs1, recomputed with SciPy's nct. */
    @ParameterizedTest
    @CsvSource({
            "0.5, 0.05, 0.8, 1.0, 63.76561019095225",
            "0.2, 0.05, 0.8, 1.0, 393.40569501974176",
            "0.1, 0.05, 0.8, 0.5, 2355.939322274245",
            "0.05, 0.1, 0.9, 2.0, 5138.710890510069",
            "0.3, 0.01, 0.8, 1.3, 231.03301122128636"})
    void solvesTheTwoSampleTTestSampleSize(double d, double alpha, double power, double ratio, double expected) {
        assertThat(TTestIndPower.solveNobs1(d, alpha, power, ratio)).isCloseTo(expected, within(expected * 1e-8));
    }

    @ParameterizedTest
    @CsvSource({
            "0.5, 64, 0.05, 1.0, 0.8014595579222543",
            "0.05, 1000, 0.05, 1.5, 0.23168538368259778"})
    void twoSampleTTestPower(double d, double nobs1, double alpha, double ratio, double expected) {
        assertThat(TTestIndPower.power(d, nobs1, alpha, ratio)).isCloseTo(expected, within(1e-10));
    }
}
