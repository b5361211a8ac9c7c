package io.toggleworks.infra.postgres.analytics;

import io.toggleworks.infra.postgres.testing.PostgresTestDatabase;
import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.BucketCount;
import io.toggleworks.spi.analytics.FlagInsightsQuery;
import io.toggleworks.spi.analytics.IntervalType;
import io.toggleworks.spi.config.ProviderConfig;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration V102's per-hour rollups (ADR 0082): every writer keeps them equal to the events, and flag insights read
 * from them give exactly the raw query's answers, in every zone and interval, on random events and windows.
 */
class PostgresInsightRollupsTest {
    private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Eucla"),
            ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(-3));
    private static final List<ZoneId> WHOLE_HOUR_ZONES = List.of(ZoneOffset.UTC, ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"), ZoneOffset.ofHours(-3));
    /** Covers both DST changes of 2026 in Berlin (Mar 29, Oct 25) and New York (Mar 8, Nov 1). */
    private static final Instant SPRING = Instant.parse("2026-03-04T00:00:00Z");
    private static final Instant AUTUMN = Instant.parse("2026-10-18T00:00:00Z");
    private static final long WINDOW_SECONDS = Duration.ofDays(35).toSeconds();

    static PostgresTestDatabase db;
    static PostgresAnalyticsStore store;
    static String env;
    static List<String> flags;
    static List<Instant> eventTimes = new ArrayList<>();

    @BeforeAll
    static void loadRandomEvents() {
        db = migrated("tw_rollups", null);
        store = open(db);
        env = UUID.randomUUID().toString();
        flags = List.of(env + "-hot", env + "-warm", env + "-cold");
        Random r = new Random(20261128);
        List<AnalyticsEvent> events = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            Instant at = randomTime(r);
            eventTimes.add(at);
            String flag = flags.get(r.nextInt(10) < 6 ? 0 : r.nextInt(3));
            String envId = r.nextInt(20) == 0 ? "other-" + env : env;
            String event = r.nextInt(20) == 0 ? "CustomEvent" : "FlagValue";
            int v = r.nextInt(40);
            // A variation id, an empty one, or none (the raw query counts both as "").
            String props = v == 0 ? "{\"tag_0\":\"u\"}" : v == 1 ? "{\"tag_1\":\"\"}" : "{\"tag_0\":\"u" + r.nextInt(100)
                    + "\",\"tag_1\":\"var-" + (v % 3) + "\"}";
            events.add(new AnalyticsEvent(UUID.randomUUID(), flag, envId, event, props, micros(at)));
        }
        for (int i = 0; i < events.size(); i += 997) {
            store.append(events.subList(i, Math.min(events.size(), i + 997)));
        }
        // At-least-once delivery: some batches again, and one mixing old and new events.
        store.append(events.subList(0, 3000));
        store.append(events.subList(20_000, 21_000));
    }

    @AfterAll
    static void dropDatabase() {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theRollupsEqualTheEventsAfterRedelivery() throws Exception {
        try (Connection c = db.connect()) {
            assertRollupsMatchEvents(c);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select sum(count) from flag_insight_hourly")) {
                rs.next();
                assertThat(rs.getLong(1)).isGreaterThan(30_000);
            }
        }
    }

    @Test
    void randomWindowsZonesAndIntervalsGiveTheRawAnswers() throws Exception {
        Random r = new Random();
        long seed = r.nextLong();
        r.setSeed(seed);
        int fromRollups = 0;
        try (Connection c = db.connect()) {
            for (int i = 0; i < 400; i++) {
                FlagInsightsQuery q = randomQuery(r);
                List<BucketCount> raw = store.rawFlagInsights(c, q);
                assertThat(store.flagInsights(q)).as("seed %d, %s", seed, q).isEqualTo(raw);
                Optional<List<BucketCount>> rolled = InsightRollups.flagInsights(c, q, true, true);
                if (rolled.isPresent()) {
                    fromRollups++;
                    assertThat(rolled.get()).as("seed %d, %s", seed, q).isEqualTo(raw);
                }
            }
        }
        assertThat(fromRollups).as("queries answered from the rollups").isGreaterThan(100);
    }

    @Test
    void dstChangesHourAndDayBucketsAcrossThemComeFromTheRollups() throws Exception {
        try (Connection c = db.connect()) {
            for (Instant from : List.of(SPRING, AUTUMN)) {
                for (ZoneId zone : WHOLE_HOUR_ZONES) {
                    for (IntervalType interval : List.of(IntervalType.HOUR, IntervalType.DAY, IntervalType.WEEK, IntervalType.MONTH)) {
                        for (Instant start : List.of(from, from.plusSeconds(1_234_567).plusNanos(891_000))) {
                            FlagInsightsQuery q = new FlagInsightsQuery(env, flags.get(0), interval, start,
                                    from.plus(Duration.ofDays(33)), zone);
                            List<BucketCount> raw = store.rawFlagInsights(c, q);
                            assertThat(raw).isNotEmpty();
                            assertThat(InsightRollups.flagInsights(c, q, true, true)).as("%s", q).contains(raw);
                            assertThat(store.flagInsights(q)).as("%s", q).isEqualTo(raw);
                        }
                    }
                }
            }
        }
    }

    @Test
    void zonesWithHalfAndQuarterHourOffsetsAreAnsweredFromTheEvents() throws Exception {
        try (Connection c = db.connect()) {
            for (ZoneId zone : List.of(ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Eucla"), ZoneOffset.ofHoursMinutes(5, 30),
                    ZoneId.of("Asia/Kathmandu"))) {
                FlagInsightsQuery q = new FlagInsightsQuery(env, flags.get(0), IntervalType.DAY, SPRING, SPRING.plus(Duration.ofDays(30)), zone);
                assertThat(InsightRollups.flagInsights(c, q, true, true)).isEmpty();
                // PostgreSQL's own check (rows of the rollups in such hours) refuses too, without the Java check.
                assertThat(InsightRollups.flagInsights(c, q, true, false)).isEmpty();
                assertThat(store.flagInsights(q)).isEqualTo(store.rawFlagInsights(c, q)).isNotEmpty();
            }
            FlagInsightsQuery minutes = new FlagInsightsQuery(env, flags.get(0), IntervalType.MINUTE, SPRING, SPRING.plus(Duration.ofHours(5)), ZoneOffset.UTC);
            assertThat(InsightRollups.flagInsights(c, minutes, true, true)).isEmpty();
            assertThat(store.flagInsights(minutes)).isEqualTo(store.rawFlagInsights(c, minutes));
        }
    }

    @Test
    void eventsExactlyOnTheWindowsEndsAndOnHourBoundariesAreCountedAsTheRawQueryCountsThem() throws Exception {
        String flag = env + "-edges-" + UUID.randomUUID();
        Instant h = Instant.parse("2026-03-10T05:00:00Z");
        List<AnalyticsEvent> events = new ArrayList<>();
        for (Instant at : List.of(h, h.plusNanos(1_000), h.plusSeconds(3600), h.plusSeconds(3599).plusNanos(999_999_000),
                h.plusSeconds(7200), h.plusSeconds(3 * 3600 + 17), h.plusSeconds(4 * 3600), h.plusSeconds(4 * 3600).minusNanos(1_000))) {
            events.add(new AnalyticsEvent(UUID.randomUUID(), flag, env, "FlagValue", "{\"tag_1\":\"a\"}", micros(at)));
        }
        store.append(events);
        try (Connection c = db.connect()) {
            for (Instant start : List.of(h, h.minusNanos(1_000), h.plusNanos(1_000), h.plusNanos(999), h.minusSeconds(3600))) {
                for (Instant end : List.of(h.plusSeconds(4 * 3600), h.plusSeconds(4 * 3600).plusNanos(1_000),
                        h.plusSeconds(4 * 3600).minusNanos(1_000), h.plusSeconds(7200), h.plusSeconds(3 * 3600 + 17))) {
                    for (IntervalType interval : List.of(IntervalType.HOUR, IntervalType.DAY)) {
                        FlagInsightsQuery q = new FlagInsightsQuery(env, flag, interval, start, end, ZoneOffset.UTC);
                        assertThat(store.flagInsights(q)).as("%s", q).isEqualTo(store.rawFlagInsights(c, q));
                    }
                }
            }
        }
    }

    @Test
    void copyPlainInsertsUpdatesDeletesAndConcurrentWritersKeepTheRollupsRight() throws Exception {
        try (PostgresTestDatabase own = migrated("tw_rollups_w", null); PostgresAnalyticsStore s = open(own);
             Connection c = own.connect()) {
            String e = UUID.randomUUID().toString();
            Random r = new Random(7);
            List<AnalyticsEvent> batch = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                batch.add(new AnalyticsEvent(UUID.randomUUID(), e + "-f" + r.nextInt(3), e, "FlagValue",
                        "{\"tag_1\":\"v" + r.nextInt(2) + "\"}", micros(randomTime(r))));
            }
            s.append(batch);
            // FeatBit's API writes with COPY; a redelivered event through COPY fails the whole COPY (primary key).
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                csv.append(UUID.randomUUID()).append(',').append(e).append("-f1,").append(e).append(",FlagValue,")
                        .append("\"{\"\"tag_1\"\":\"\"v").append(i % 3).append("\"\"}\",")
                        .append(PostgresAnalyticsStore.wallClock(micros(randomTime(r)))).append('\n');
            }
            ((PGConnection) c).getCopyAPI().copyIn("copy events (id, distinct_id, env_id, event, properties, timestamp) from stdin with (format csv)",
                    new StringReader(csv.toString()));
            assertRollupsMatchEvents(c);
            try (Statement st = c.createStatement()) {
                st.execute("insert into events (id, distinct_id, env_id, event, properties, timestamp) values "
                        + "(gen_random_uuid(), '" + e + "-f2', '" + e + "', 'FlagValue', '{\"tag_1\":\"v9\"}', '2026-03-20 10:00:00'),"
                        + "(gen_random_uuid(), '" + e + "-f2', null, 'FlagValue', '{\"tag_1\":\"v9\"}', '2026-03-20 10:00:00'),"
                        + "(gen_random_uuid(), '" + e + "-f2', '" + e + "', null, '{}', '2026-03-20 10:00:00')");
                assertRollupsMatchEvents(c);
                st.execute("update events set timestamp = timestamp + interval '90 minutes', properties = properties || '{\"tag_1\":\"moved\"}'"
                        + " where id in (select id from events order by id limit 300)");
                st.execute("update events set event = 'CustomEvent' where id in (select id from events order by id desc limit 100)");
                assertRollupsMatchEvents(c);
                st.execute("delete from events where id in (select id from events order by id limit 700)");
                assertRollupsMatchEvents(c);
            }
            // Concurrent batches over the same flags and hours (in different orders) neither deadlock nor lose counts.
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    long seed = w;
                    done.add(pool.submit(() -> {
                        Random wr = new Random(seed);
                        for (int b = 0; b < 15; b++) {
                            List<AnalyticsEvent> events = new ArrayList<>();
                            for (int i = 0; i < 400; i++) {
                                events.add(new AnalyticsEvent(UUID.randomUUID(), e + "-f" + wr.nextInt(3), e, "FlagValue",
                                        "{\"tag_1\":\"v" + wr.nextInt(3) + "\"}", micros(SPRING.plusSeconds(wr.nextInt(6 * 3600)))));
                            }
                            s.append(events);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertRollupsMatchEvents(c);
            try (Statement st = c.createStatement()) {
                st.execute("truncate events");
                try (ResultSet rs = st.executeQuery("select count(*) from flag_insight_hourly")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }

    @Test
    void theMigrationCountsExistingEventsAndCanRunAgain() throws Exception {
        try (PostgresTestDatabase own = migrated("tw_rollups_m", "101")) {
            String e = UUID.randomUUID().toString();
            Random r = new Random(11);
            List<AnalyticsEvent> batch = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                batch.add(new AnalyticsEvent(UUID.randomUUID(), e + "-f", e, "FlagValue", "{\"tag_1\":\"v" + r.nextInt(3) + "\"}",
                        micros(randomTime(r))));
            }
            FlagInsightsQuery q = new FlagInsightsQuery(e, e + "-f", IntervalType.DAY, SPRING, AUTUMN.plus(Duration.ofDays(30)),
                    ZoneId.of("Europe/Berlin"));
            List<BucketCount> before;
            try (PostgresAnalyticsStore old = open(own)) {
                old.append(batch);
                before = old.flagInsights(q);
            }
            Flyway.configure().dataSource(own.jdbcUrl(), "postgres", "").locations("classpath:db/migration/postgresql").load().migrate();
            try (Connection c = own.connect()) {
                assertRollupsMatchEvents(c);
                String script = new String(PostgresInsightRollupsTest.class.getResourceAsStream(
                        "/db/migration/postgresql/V102__flag_insight_hourly_rollups.sql").readAllBytes(), StandardCharsets.UTF_8);
                try (Statement st = c.createStatement()) {
                    st.execute(script);
                }
                assertRollupsMatchEvents(c);
                try (PostgresAnalyticsStore migrated = open(own)) {
                    migrated.append(batch.subList(0, 100)); // redelivered after the migration: still counted once
                    assertThat(InsightRollups.flagInsights(c, q, true, true)).contains(before);
                    assertThat(migrated.flagInsights(q)).isEqualTo(before).isEqualTo(migrated.rawFlagInsights(c, q));
                }
                assertRollupsMatchEvents(c);
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static PostgresTestDatabase migrated(String prefix, String target) {
        PostgresTestDatabase d = PostgresTestDatabase.create(prefix);
        var config = Flyway.configure().dataSource(d.jdbcUrl(), "postgres", "").locations("classpath:db/migration/postgresql");
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
        return d;
    }

    private static PostgresAnalyticsStore open(PostgresTestDatabase d) {
        return (PostgresAnalyticsStore) new PostgresAnalyticsStoreProvider().create(ProviderConfig.of(Map.of(
                "Postgres__ConnectionString", d.npgsqlConnectionString(), "POSTGRES_MAX_POOL_SIZE", "4")));
    }

    /** Both tables say the same, in both directions. */
    private static void assertRollupsMatchEvents(Connection c) throws Exception {
        String fromEvents = """
                select distinct_id, env_id, date_trunc('hour', timestamp), coalesce(properties ->> 'tag_1', ''), count(*)
                from events where event = 'FlagValue' and env_id is not null group by 1, 2, 3, 4""";
        String fromRollups = "select distinct_id, env_id, hour, variation, count from flag_insight_hourly";
        try (PreparedStatement ps = c.prepareStatement("select (select count(*) from (%s except %s) a), (select count(*) from (%s except %s) b)"
                .formatted(fromEvents, fromRollups, fromRollups, fromEvents)); ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(List.of(rs.getLong(1), rs.getLong(2))).as("rows missing from / wrong in flag_insight_hourly").containsExactly(0L, 0L);
        }
    }

    /** Spread over two windows around the DST changes; a tenth exactly on the hour, a tenth on a quarter hour. */
    private static Instant randomTime(Random r) {
        Instant base = (r.nextBoolean() ? SPRING : AUTUMN).plusSeconds(r.nextLong(WINDOW_SECONDS));
        return switch (r.nextInt(10)) {
            case 0 -> base.truncatedTo(ChronoUnit.HOURS);
            case 1 -> base.truncatedTo(ChronoUnit.MINUTES).minusSeconds(base.atZone(ZoneOffset.UTC).getMinute() % 15 * 60L);
            default -> base.plusNanos(r.nextInt(1_000_000) * 1_000L);
        };
    }

    private static FlagInsightsQuery randomQuery(Random r) {
        Instant start = switch (r.nextInt(4)) {
            case 0 -> randomTime(r).truncatedTo(ChronoUnit.HOURS);
            case 1 -> eventTimes.get(r.nextInt(eventTimes.size())); // an event exactly on the start is outside
            default -> randomTime(r);
        };
        Duration length = switch (r.nextInt(4)) {
            case 0 -> Duration.ofMinutes(r.nextInt(4 * 60));
            case 1 -> Duration.ofHours(r.nextInt(72));
            default -> Duration.ofSeconds(r.nextLong(Duration.ofDays(45).toSeconds())).plusNanos(r.nextInt(1_000_000) * 1_000L);
        };
        Instant end = r.nextInt(5) == 0 ? eventTimes.get(r.nextInt(eventTimes.size())) : start.plus(length);
        IntervalType interval = List.of(IntervalType.HOUR, IntervalType.DAY, IntervalType.WEEK, IntervalType.MONTH).get(r.nextInt(4));
        String flag = r.nextInt(20) == 0 ? env + "-unknown" : flags.get(r.nextInt(flags.size()));
        return new FlagInsightsQuery(env, flag, interval, start, end, ZONES.get(r.nextInt(ZONES.size())));
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }
}
