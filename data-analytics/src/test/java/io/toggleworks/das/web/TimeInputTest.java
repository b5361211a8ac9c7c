package io.toggleworks.das.web;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TimeInputTest {
    private static final Instant T = Instant.parse("2024-06-01T00:00:00Z");

    @Test
    void numbersAreSecondsMillisecondsOrMicrosecondsByTheirDigits() {
        assertThat(TimeInput.fromNumber(1717200000L)).contains(T);
        assertThat(TimeInput.fromNumber(1717200000123L)).contains(T.plusMillis(123));
        assertThat(TimeInput.fromNumber(1717200000123456L)).contains(T.plusNanos(123_456_000));
        assertThat(TimeInput.fromNumber(-1)).isEmpty();
        assertThat(TimeInput.fromNumber(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void textIsANumberOrIso8601() {
        assertThat(TimeInput.parse("1717200000000")).contains(T);
        assertThat(TimeInput.parse("2024-06-01T00:00:00Z")).contains(T);
        assertThat(TimeInput.parse("2024-06-01T02:00:00+02:00")).contains(T);
        assertThat(TimeInput.parse("2024-06-01T00:00:00")).contains(T);
        assertThat(TimeInput.parse("2024-06-01 00:00:00.000")).contains(T);
        assertThat(TimeInput.parse("2024-06-01")).contains(T);
        assertThat(TimeInput.parse("yesterday")).isEqualTo(Optional.empty());
        assertThat(TimeInput.parse("")).isEmpty();
    }

    @Test
    void responseTimesAreUtcWholeSeconds() {
        assertThat(TimeFormat.utc(T.plusMillis(999))).isEqualTo("2024-06-01T00:00:00Z");
    }
}
