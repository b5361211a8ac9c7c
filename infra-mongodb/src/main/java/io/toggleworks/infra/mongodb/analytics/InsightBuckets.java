package io.toggleworks.infra.mongodb.analytics;

import io.toggleworks.spi.analytics.IntervalType;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * Time buckets of the flag-insights series. The server groups by the bucket's local wall-clock text in the
 * requested zone ({@code $dateToString} with {@code timezone}, as FeatBit's Mongo DAS does); this class turns that
 * text back into the bucket's start instant. A week is grouped by day on the server and folded here into its ISO
 * week (from Monday), because neither {@code $dateTrunc} nor {@code %G/%V} is available on every server we run on
 * (ADR 0051).
 */
final class InsightBuckets {
    private final IntervalType interval;
    private final ZoneId zone;

    InsightBuckets(IntervalType interval, ZoneId zone) {
        this.interval = interval;
        this.zone = zone;
    }

    String serverFormat() {
        return switch (interval) {
            case MINUTE -> "%Y-%m-%dT%H:%M";
            case HOUR -> "%Y-%m-%dT%H";
            case DAY, WEEK -> "%Y-%m-%d";
            case MONTH -> "%Y-%m";
        };
    }

    /**
     * The instant the bucket starts, from the server's local text. A local time that a daylight-saving change skips
     * or repeats resolves as {@link java.time.ZonedDateTime#of} does (the earlier offset).
     */
    Instant start(String local) {
        LocalDateTime t = switch (interval) {
            case MINUTE -> LocalDateTime.parse(local + ":00");
            case HOUR -> LocalDateTime.parse(local + ":00:00");
            case DAY -> LocalDate.parse(local).atStartOfDay();
            case WEEK -> LocalDate.parse(local).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay();
            case MONTH -> LocalDate.parse(local + "-01").atStartOfDay();
        };
        return t.atZone(zone).toInstant();
    }
}
