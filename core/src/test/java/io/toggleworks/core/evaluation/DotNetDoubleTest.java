package io.toggleworks.core.evaluation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DotNetDoubleTest {

    @ParameterizedTest(name = "[{0}] = {1}")
    @CsvSource(delimiter = '|', value = {
            "10|10", "-10|-10", "+10|10", "' 5 '|5", "'\t5\n'|5", "1,000|1000", "1,,0,0|100", "1,000.5|1000.5", "1,|1",
            "1.|1", ".5|0.5", "-.5|-0.5", "1e3|1000", "1E+3|1000", "2.5e-3|0.0025", "0.1|0.1", "00012|12",
            "123456789012345678901234567890|1.2345678901234568E29", "0.30000000000000004|0.30000000000000004",
            "1e400|Infinity", "-1e400|-Infinity", "1e-400|0", "Infinity|Infinity", "-infinity|-Infinity", "+Infinity|Infinity",
            "' Infinity '|Infinity", "3.14159265358979323846|3.141592653589793", "5\0|5", "9007199254740993|9007199254740992"})
    void parsesWhatDotNetAccepts(String text, double expected) {
        assertThat(DotNetDouble.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "12abc", "abc", "0x10", "1d", "1f", "- 5", "5-", "(5)", "$5", ",5", ".", "-", "1e", "1e+",
            "1.2.3", "1.5,0", "NaN", "nan", "-NaN", "1 000", "١٢", "5 e3", "∞"})
    void rejectsWhatDotNetRejects(String text) {
        assertThat(DotNetDouble.parse(text)).isNaN();
    }

    @org.junit.jupiter.api.Test
    void negativeZeroParses() {
        assertThat(1 / DotNetDouble.parse("-0")).isNegative();
        assertThat(DotNetDouble.parse("-0") == DotNetDouble.parse("0")).isTrue();
    }
}
