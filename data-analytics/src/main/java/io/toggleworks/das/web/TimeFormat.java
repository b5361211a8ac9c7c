package io.toggleworks.das.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times in DAS responses: UTC, whole seconds, {@code 2024-06-01T00:00:00Z} (FeatBit's {@code %Y-%m-%dT%H:%M:%SZ}). */
public final class TimeFormat {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private TimeFormat() {
    }

    public static String utc(Instant instant) {
        return UTC.format(instant);
    }
}
