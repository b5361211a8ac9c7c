package io.toggleworks.das.stats;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected strings printed by NumPy 2.4 format_float_positional(x, precision=5, trim='-') and Python's repr. */
class NumberFormatsTest {

    @ParameterizedTest
    @CsvSource({
            "0.12, 0.12",
            "-0.019375372265978963, -0.01938",
            "0.123455, 0.12345", // stored below the half: NumPy rounds the binary value, not the decimal text
            "0.123465, 0.12347",
            "1.5e-05, 0.00002",
            "1.000005, 1.00001",
            "-1e-06, -0",
            "-0.0, -0",
            "0.0, 0",
            "36.0, 36",
            "1e20, 100000000000000000000",
            "123456.789012, 123456.78901",
            "0.30000000000000004, 0.3",
            "0.4999999999999999, 0.5"})
    void positional(double value, String expected) {
        assertThat(NumberFormats.positional(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "0.05, 0.05",
            "36.0, 36.0",
            "1773.0, 1773.0",
            "0.06559733260262468, 0.06559733260262468",
            "1e-05, 1e-05",
            "1.5e-07, 1.5e-07",
            "0.0001, 0.0001",
            "1e16, 1e+16",
            "1.2345e16, 1.2345e+16",
            "123456789012345.0, 123456789012345.0",
            "-2.5, -2.5",
            "0.0, 0.0"})
    void pythonRepr(double value, String expected) {
        assertThat(NumberFormats.pythonRepr(value)).isEqualTo(expected);
    }
}
