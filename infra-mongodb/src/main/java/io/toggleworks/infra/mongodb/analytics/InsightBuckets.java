package io.toggleworks.infra.mongodb.analytics;

import io.toggleworks.spi.analytics.IntervalType;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;

/**
 * Time buckets of the flag-insights series. The server groups by the bucket's wall-clock text in the requested zone
 * ({@code $dateToString} with {@code timezone}, as FeatBit's Mongo DAS does; {@code $dateTrunc} needs MongoDB 5 and
 * is missing from mongo-java-server, ADR 0051); this class turns that text back into the bucket's start instant.
 * Hours and minutes carry their UTC offset ({@code %z}), so the two 01:00 hours of a daylight-saving fall-back stay
 * two buckets. Weeks are ISO weeks (from Monday), grouped by local day on the server and folded here: mongo-java-server
 * prints the calendar year for {@code %G}, so {@code %G-%V} puts the days around New Year in the wrong week there.
 */
final class InsightBuckets {
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmxx");

    private final IntervalType interval;
    private final ZoneId zone;

    InsightBuckets(IntervalType interval, ZoneId zone) {
        this.interval = interval;
        this.zone = zone;
    }

    /**
     * The zone as MongoDB's {@code timezone} argument: an Olson name, or a fixed offset as {@code +hh:mm}. Java's
     * {@code Z}, {@code UTC+08:00} or {@code GMT-3} forms are not names MongoDB knows.
     */
    String serverTimezone() {
        ZoneId normalized = zone.normalized();
        if (normalized instanceof ZoneOffset offset) {
            return offset.equals(ZoneOffset.UTC) ? "+00:00" : offset.getId();
        }
        return normalized.getId();
    }

    String serverFormat() {
        return switch (interval) {
            case MINUTE -> "%Y-%m-%dT%H:%M%z";
            case HOUR -> "%Y-%m-%dT%H:00%z";
            case DAY, WEEK -> "%Y-%m-%d";
            case MONTH -> "%Y-%m";
        };
    }

    /** The instant the bucket starts, from the server's text for it. */
    Instant start(String text) {
        return switch (interval) {
            case MINUTE, HOUR -> OffsetDateTime.parse(text, WITH_OFFSET).toInstant();
            case DAY -> LocalDate.parse(text).atStartOfDay(zone).toInstant();
            case WEEK -> LocalDate.parse(text).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(zone).toInstant();
            case MONTH -> LocalDate.parse(text + "-01").atStartOfDay(zone).toInstant();
        };
    }
}
