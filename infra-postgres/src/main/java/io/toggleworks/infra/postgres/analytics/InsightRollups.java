package io.toggleworks.infra.postgres.analytics;

import io.toggleworks.spi.analytics.BucketCount;
import io.toggleworks.spi.analytics.FlagInsightsQuery;
import io.toggleworks.spi.analytics.IntervalType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Flag insights from migration V102's per-hour counts ({@code flag_insight_hourly}, kept by triggers on
 * {@code events}) for the whole UTC hours inside the window, and from the events for the partial hours at its two
 * ends (ADR 0082). A bucket made of whole UTC hours has the same count either way, so the answer equals
 * {@link PostgresAnalyticsStore#rawFlagInsights}'s. That holds only while the zone's offset is a whole number of
 * hours and never changes inside a UTC hour; elsewhere (Asia/Kolkata, Australia/Eucla, historical local mean times)
 * the caller falls back to the events, as it does for MINUTE buckets.
 */
final class InsightRollups {
    /** The table exists and its insert trigger fires in ordinary sessions ('O') or always ('A'). */
    static final String PRESENT = """
            select to_regclass('flag_insight_hourly') is not null and exists (
                select 1 from pg_trigger where tgrelid = to_regclass('events') and tgname = 'flag_insight_hourly_insert'
                and tgenabled in ('O', 'A'))""";

    private static final long HOUR_MICROS = 3_600_000_000L;
    /** Years 1 to 9999: what the wall-clock text can say; outside it the events answer alone. */
    private static final long MIN_SECOND = -62_135_596_800L;
    private static final long MAX_SECOND = 253_402_300_799L;

    /*
     * Rows of the rollup branch say whether their hour lies inside one whole-hour offset of the zone, by PostgreSQL's
     * own time-zone data (the Java check before only saves a useless round trip): the offset at the hour's first
     * and last microsecond must be equal and whole hours. The events of the edges are read through the covering
     * index with the same filter as the raw query, split at the first and last whole hour.
     */
    private static final String SQL = """
            select bucket, variation, cast(sum(n) as bigint), bool_and(ok) from (
                select extract(epoch from date_trunc(?, hour at time zone 'UTC', ?)) as bucket, variation, count as n,
                       ((hour at time zone 'UTC') at time zone ?) - hour
                           = (((hour + interval '59 minutes 59.999999 seconds') at time zone 'UTC') at time zone ?)
                             - (hour + interval '59 minutes 59.999999 seconds')
                       and cast(extract(epoch from ((hour at time zone 'UTC') at time zone ?) - hour) as bigint) % 3600 = 0
                           as ok
                from flag_insight_hourly
                where distinct_id = ? and env_id = ? and hour >= cast(? as timestamp) and hour < cast(? as timestamp)
                union all
                select extract(epoch from date_trunc(?, timestamp at time zone 'UTC', ?)),
                       coalesce(properties ->> 'tag_1', ''), 1, true
                from events
                where distinct_id = ? and event = 'FlagValue' and env_id = ?
                  and timestamp > cast(? as timestamp) and timestamp < cast(? as timestamp)
                union all
                select extract(epoch from date_trunc(?, timestamp at time zone 'UTC', ?)),
                       coalesce(properties ->> 'tag_1', ''), 1, true
                from events
                where distinct_id = ? and event = 'FlagValue' and env_id = ?
                  and timestamp >= cast(? as timestamp) and timestamp < cast(? as timestamp)
                offset 0) s
            group by bucket, variation order by bucket, variation collate "C"
            """;

    private InsightRollups() {
    }

    /** The series, or empty when rollups cannot give the raw query's answer (the caller then asks the events). */
    static Optional<List<BucketCount>> flagInsights(Connection c, FlagInsightsQuery q, boolean tagColumns) throws SQLException {
        return flagInsights(c, q, tagColumns, true);
    }

    /** {@code checkInJava} false only in tests, to see PostgreSQL's check refuse on its own. */
    static Optional<List<BucketCount>> flagInsights(Connection c, FlagInsightsQuery q, boolean tagColumns, boolean checkInJava)
            throws SQLException {
        if (q.interval() == IntervalType.MINUTE) {
            return Optional.empty(); // finer than the rollups
        }
        Optional<long[]> hours = wholeHours(q.start(), q.end());
        if (hours.isEmpty() || (checkInJava && !wholeHourOffsets(q.timezone(), hours.get()[0], hours.get()[1]))) {
            return Optional.empty();
        }
        String unit = q.interval().name().toLowerCase(Locale.ROOT);
        String zone = PostgresAnalyticsStore.postgresZone(q.timezone());
        String start = PostgresAnalyticsStore.wallClock(q.start());
        String end = PostgresAnalyticsStore.wallClock(q.end());
        String first = PostgresAnalyticsStore.wallClock(hours.get()[0]);
        String last = PostgresAnalyticsStore.wallClock(hours.get()[1]);
        List<BucketCount> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PostgresAnalyticsStore.tags(SQL, tagColumns))) {
            int i = 0;
            for (String p : List.of(unit, zone, zone, zone, zone, q.flagExptId(), q.envId(), first, last,
                    unit, zone, q.flagExptId(), q.envId(), start, first,
                    unit, zone, q.flagExptId(), q.envId(), last, end)) {
                ps.setString(++i, p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getBoolean(4)) {
                        return Optional.empty();
                    }
                    result.add(new BucketCount(Instant.ofEpochSecond(rs.getBigDecimal(1).longValue()), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return Optional.of(result);
    }

    /**
     * The first whole hour strictly after the start (an event exactly at the start is outside the window, but inside
     * its hour's count) and the last whole hour at or before the end, in microseconds; empty when no whole hour lies
     * between them.
     */
    static Optional<long[]> wholeHours(Instant start, Instant end) {
        if (outside(start) || outside(end)) {
            return Optional.empty();
        }
        long first = (Math.floorDiv(micros(start), HOUR_MICROS) + 1) * HOUR_MICROS;
        long last = Math.floorDiv(micros(end), HOUR_MICROS) * HOUR_MICROS;
        return first < last ? Optional.of(new long[]{first, last}) : Optional.empty();
    }

    /** Whether, by Java's time-zone data, every instant in [from, to) has a whole-hour offset, changing only on the hour. */
    static boolean wholeHourOffsets(ZoneId zone, long fromMicros, long toMicros) {
        ZoneRules rules = zone.getRules();
        Instant from = instant(fromMicros);
        Instant to = instant(toMicros);
        if (rules.getOffset(from).getTotalSeconds() % 3600 != 0) {
            return false;
        }
        for (ZoneOffsetTransition t = rules.nextTransition(from); t != null && t.getInstant().isBefore(to);
             t = rules.nextTransition(t.getInstant())) {
            if (t.getInstant().getEpochSecond() % 3600 != 0 || t.getInstant().getNano() != 0
                    || t.getOffsetAfter().getTotalSeconds() % 3600 != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean outside(Instant i) {
        return i.getEpochSecond() < MIN_SECOND || i.getEpochSecond() > MAX_SECOND;
    }

    /** Microseconds since the epoch, the sub-microsecond part dropped as the wall-clock text drops it. */
    private static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
