package io.toggleworks.das.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A time as FeatBit's DAS accepts it (§5.3.1): a number of seconds (up to 10 digits), milliseconds (11 to 13) or
 * microseconds (more), or an ISO-8601 text; text without an offset is UTC. Numbers written as text are numbers.
 */
public final class TimeInput {
    private TimeInput() {
    }

    /** The instant, or empty when {@code text} is no time in any accepted form. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.matches("-?\\d+(\\.\\d*)?([eE][+-]?\\d+)?")) {
            try {
                return fromNumber(new BigDecimal(s).longValue());
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the forms without an offset
        }
        try {
            return Optional.of(LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            // try a bare date
        }
        try {
            return Optional.of(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Seconds, milliseconds or microseconds since the epoch, told apart by their number of digits. */
    public static Optional<Instant> fromNumber(long value) {
        if (value < 0) {
            return Optional.empty();
        }
        int digits = Long.toString(value).length();
        if (digits <= 10) {
            return Optional.of(Instant.ofEpochSecond(value));
        }
        if (digits <= 13) {
            return Optional.of(Instant.ofEpochMilli(value));
        }
        if (digits <= 16) {
            return Optional.of(Instant.ofEpochSecond(value / 1_000_000, (value % 1_000_000) * 1_000));
        }
        return Optional.empty();
    }
}
