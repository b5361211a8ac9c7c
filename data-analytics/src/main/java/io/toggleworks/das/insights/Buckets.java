package io.toggleworks.das.insights;

import io.toggleworks.spi.analytics.IntervalType;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The time buckets of a flag-insights series: every bucket from the one holding {@code start} to the one holding
 * {@code end}, inclusive, truncated in the request's zone as the stores truncate (weeks start on Monday). FeatBit
 * generates them with off-by-one quirks at both ends (§5.4.1); we do not reproduce those.
 */
final class Buckets {
    /** More buckets than any chart draws (a year of hours is 8,784): larger requests are refused, not computed. */
    static final int MAX = 50_000;

    private Buckets() {
    }

    static Instant truncate(Instant at, IntervalType interval, ZoneId zone) {
        ZonedDateTime t = at.atZone(zone);
        ZonedDateTime start = switch (interval) {
            case MINUTE -> t.truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
            case DAY -> t.toLocalDate().atStartOfDay(zone);
            case WEEK -> t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(zone);
            case MONTH -> t.toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
        };
        return start.toInstant();
    }

    static Instant next(Instant bucket, IntervalType interval, ZoneId zone) {
        ZonedDateTime t = bucket.atZone(zone);
        ZonedDateTime next = switch (interval) {
            case MINUTE -> t.plusMinutes(1);
            case HOUR -> t.plusHours(1);
            case DAY -> t.toLocalDate().plusDays(1).atStartOfDay(zone);
            case WEEK -> t.toLocalDate().plusWeeks(1).atStartOfDay(zone);
            case MONTH -> t.toLocalDate().plusMonths(1).atStartOfDay(zone);
        };
        // Truncating again keeps an hour bucket on the zone's grid across an offset change.
        return truncate(next.toInstant(), interval, zone);
    }

    /** The bucket starts, or empty when there would be more than {@link #MAX}. */
    static List<Instant> between(Instant start, Instant end, IntervalType interval, ZoneId zone) {
        List<Instant> result = new ArrayList<>();
        Instant last = truncate(end, interval, zone);
        for (Instant b = truncate(start, interval, zone); !b.isAfter(last); b = next(b, interval, zone)) {
            if (result.size() == MAX) {
                return List.of();
            }
            result.add(b);
        }
        return result;
    }
}
