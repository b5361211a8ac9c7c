package io.toggleworks.core.json;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * FeatBit's date-time text (evaluation-server.md §4.7): UTC with a {@code Z} designator and 0-7 fractional digits,
 * trailing zeros trimmed, as System.Text.Json writes a UTC DateTime. The Java SDK cannot parse a date without a
 * designator, so we always write {@code Z}. Sub-100ns digits do not exist in .NET and are truncated.
 */
public final class IsoInstant {
    private static final DateTimeFormatter BASIC_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendOffset("+HHMM", "Z")
            .toFormatter();

    private IsoInstant() {
    }

    /** Formats like System.Text.Json: {@code 2023-01-28T02:04:55.616Z}, {@code 2023-01-28T02:04:55Z}. */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(28);
        int year = t.getYear();
        if (year < 1000) {
            sb.append(String.format("%04d", year));
        } else {
            sb.append(year);
        }
        sb.append('-');
        two(sb, t.getMonthValue()).append('-');
        two(sb, t.getDayOfMonth()).append('T');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        int ticks = instant.getNano() / 100; // .NET resolution: 100 ns
        if (ticks != 0) {
            sb.append('.');
            String digits = Integer.toString(ticks + 10_000_000).substring(1); // 7 digits, zero-padded
            int end = 7;
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            sb.append(digits, 0, end);
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    /** Parses {@code Z} or offset forms; a value without designator is taken as UTC (FeatBit stores UTC). */
    public static Instant parse(String text) {
        String s = text.trim();
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            if (t instanceof OffsetDateTime odt) {
                return odt.toInstant();
            }
            return ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // Offsets written without a colon (+0000) are legal ISO-8601 basic form.
            return OffsetDateTime.parse(s, BASIC_OFFSET).toInstant();
        }
    }

    static final class Serializer extends ValueSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(format(value));
        }
    }

    static final class Deserializer extends ValueDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return Instant.ofEpochMilli(p.getLongValue());
            }
            String text = p.getValueAsString();
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 date-time");
            }
        }
    }
}
