package io.toggleworks.infra.postgres.analytics;

import io.toggleworks.infra.postgres.testing.PostgresTestDatabase;
import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.FlagEndUsersPage;
import io.toggleworks.spi.analytics.FlagEndUsersQuery;
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
 * Migration V103's latest evaluation per flag, variation, user and name (ADR 0083): every writer keeps it equal to
 * the events, and end-user pages read from it are exactly the raw query's (rows, order, names, total) on random
 * events, windows, variation filters, text queries and pages.
 */
class PostgresEndUserSummaryTest {
    private static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
    private static final long SPAN_SECONDS = Duration.ofDays(30).toSeconds();
    private static final List<String> QUERIES = List.of("u1", "U2", "ann", "BOB", "x", "_", "%", "\\", "9", "user-3");

    static PostgresTestDatabase db;
    static PostgresAnalyticsStore store;
    static String env;
    static List<String> flags;
    static List<Instant> eventTimes = new ArrayList<>();

    @BeforeAll
    static void loadRandomEvents() {
        db = migrated("tw_endusers", null);
        store = open(db);
        env = UUID.randomUUID().toString();
        flags = List.of(env + "-hot", env + "-warm", env + "-cold");
        Random r = new Random(20261128);
        List<AnalyticsEvent> events = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            String flag = flags.get(r.nextInt(10) < 6 ? 0 : r.nextInt(3));
            String envId = r.nextInt(25) == 0 ? "other-" + env : env;
            String event = r.nextInt(25) == 0 ? "CustomEvent" : "FlagValue";
            events.add(new AnalyticsEvent(UUID.randomUUID(), flag, envId, event, randomProperties(r), micros(randomTime(r))));
        }
        // Evaluations of one user at the very same microsecond under different names: the smallest name wins.
        Instant tie = FROM.plusSeconds(SPAN_SECONDS / 2).plusNanos(123_000);
        for (String name : List.of("zed", "Ann", "ann", "")) {
            events.add(new AnalyticsEvent(UUID.randomUUID(), flags.get(0), env, "FlagValue",
                    "{\"tag_0\":\"u1\",\"tag_1\":\"var-1\",\"tag_3\":\"" + name + "\"}", micros(tie)));
        }
        events.forEach(e -> eventTimes.add(Instant.EPOCH.plus(e.timestampMicros(), ChronoUnit.MICROS)));
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
    void theSummaryEqualsTheEventsAfterRedelivery() throws Exception {
        try (Connection c = db.connect()) {
            assertSummaryMatchesEvents(c);
        }
    }

    @Test
    void randomWindowsFiltersAndPagesGiveTheRawAnswers() throws Exception {
        Random r = new Random();
        long seed = r.nextLong();
        r.setSeed(seed);
        int fromSummary = 0;
        int nonEmpty = 0;
        try (Connection c = db.connect()) {
            for (int i = 0; i < 600; i++) {
                FlagEndUsersQuery q = randomQuery(r);
                FlagEndUsersPage raw = store.rawFlagEndUsers(c, q);
                assertThat(store.flagEndUsers(q)).as("seed %d, %s", seed, q).isEqualTo(raw);
                Optional<FlagEndUsersPage> summary = EndUserSummary.flagEndUsers(c, q);
                if (summary.isPresent()) {
                    fromSummary++;
                    assertThat(summary.get()).as("seed %d, %s", seed, q).isEqualTo(raw);
                    if (!raw.items().isEmpty()) {
                        nonEmpty++;
                    }
                }
            }
        }
        assertThat(fromSummary).as("queries answered from the summary").isGreaterThan(200);
        assertThat(nonEmpty).as("of them with users on the page").isGreaterThan(100);
    }

    @Test
    void aWindowEndingAtOrBeforeTheNewestEventIsAnsweredFromTheEvents() throws Exception {
        try (Connection c = db.connect()) {
            Instant newest = eventTimes.stream().max(Instant::compareTo).orElseThrow();
            for (Instant end : List.of(newest, newest.minusNanos(1_000), newest.plusNanos(999), newest.plusNanos(1_000))) {
                FlagEndUsersQuery q = new FlagEndUsersQuery(env, flags.get(0), Optional.empty(), Optional.empty(),
                        FROM, end, 0, 20);
                // The newest event may belong to another flag; only the ends after that flag's newest use the summary.
                Optional<FlagEndUsersPage> summary = EndUserSummary.flagEndUsers(c, q);
                summary.ifPresent(page -> assertThat(page).isEqualTo(rawOf(c, q)));
                assertThat(store.flagEndUsers(q)).isEqualTo(rawOf(c, q));
            }
            FlagEndUsersQuery past = new FlagEndUsersQuery(env, flags.get(0), Optional.empty(), Optional.empty(),
                    FROM, FROM.plusSeconds(SPAN_SECONDS / 2), 0, 20);
            assertThat(EndUserSummary.flagEndUsers(c, past)).isEmpty();
            FlagEndUsersQuery now = new FlagEndUsersQuery(env, flags.get(0), Optional.empty(), Optional.empty(),
                    FROM.plusSeconds(SPAN_SECONDS / 2), Instant.parse("2027-01-01T00:00:00Z"), 0, 20);
            assertThat(EndUserSummary.flagEndUsers(c, now)).isPresent().contains(rawOf(c, now));
            assertThat(rawOf(c, now).totalCount()).isGreaterThan(100);
        }
    }

    @Test
    void copyPlainInsertsUpdatesDeletesAndConcurrentWritersKeepTheSummaryRight() throws Exception {
        try (PostgresTestDatabase own = migrated("tw_endusers_w", null); PostgresAnalyticsStore s = open(own);
             Connection c = own.connect()) {
            String e = UUID.randomUUID().toString();
            Random r = new Random(7);
            List<AnalyticsEvent> batch = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                batch.add(new AnalyticsEvent(UUID.randomUUID(), e + "-f" + r.nextInt(3), e, "FlagValue",
                        randomProperties(r), micros(randomTime(r))));
            }
            s.append(batch);
            // FeatBit's API writes with COPY.
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                csv.append(UUID.randomUUID()).append(',').append(e).append("-f1,").append(e).append(",FlagValue,")
                        .append("\"{\"\"tag_0\"\":\"\"u").append(i % 50).append("\"\",\"\"tag_1\"\":\"\"v").append(i % 3)
                        .append("\"\",\"\"tag_3\"\":\"\"n").append(i % 7).append("\"\"}\",")
                        .append(PostgresAnalyticsStore.wallClock(micros(randomTime(r)))).append('\n');
            }
            ((PGConnection) c).getCopyAPI().copyIn("copy events (id, distinct_id, env_id, event, properties, timestamp) from stdin with (format csv)",
                    new StringReader(csv.toString()));
            assertSummaryMatchesEvents(c);
            try (Statement st = c.createStatement()) {
                st.execute("insert into events (id, distinct_id, env_id, event, properties, timestamp) values "
                        + "(gen_random_uuid(), '" + e + "-f2', '" + e + "', 'FlagValue', '{\"tag_0\":\"u1\"}', '2026-10-20 10:00:00'),"
                        + "(gen_random_uuid(), '" + e + "-f2', null, 'FlagValue', '{\"tag_0\":\"u1\"}', '2026-10-20 10:00:00'),"
                        + "(gen_random_uuid(), '" + e + "-f2', '" + e + "', null, '{}', '2026-10-20 10:00:00')");
                assertSummaryMatchesEvents(c);
                st.execute("update events set timestamp = timestamp - interval '90 minutes', properties = properties || '{\"tag_3\":\"moved\"}'"
                        + " where id in (select id from events order by id limit 300)");
                st.execute("update events set event = 'CustomEvent' where id in (select id from events order by id desc limit 100)");
                st.execute("update events set properties = properties - 'tag_0' where id in (select id from events order by timestamp desc limit 50)");
                assertSummaryMatchesEvents(c);
                st.execute("delete from events where id in (select id from events order by timestamp desc limit 400)");
                st.execute("delete from events where id in (select id from events order by id limit 300)");
                assertSummaryMatchesEvents(c);
            }
            // Concurrent batches over the same flags and users (in different orders) neither deadlock nor lose times.
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
                                        randomProperties(wr), micros(randomTime(wr))));
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
            assertSummaryMatchesEvents(c);
            Random qr = new Random(3);
            for (int i = 0; i < 100; i++) {
                FlagEndUsersQuery q = new FlagEndUsersQuery(e, e + "-f" + qr.nextInt(3), Optional.empty(),
                        qr.nextBoolean() ? Optional.of(QUERIES.get(qr.nextInt(QUERIES.size()))) : Optional.empty(),
                        randomTime(qr), Instant.parse("2027-01-01T00:00:00Z"), qr.nextInt(3), 1 + qr.nextInt(30));
                assertThat(EndUserSummary.flagEndUsers(c, q)).as("%s", q).contains(s.rawFlagEndUsers(c, q));
            }
            try (Statement st = c.createStatement()) {
                st.execute("truncate events");
                try (ResultSet rs = st.executeQuery("select count(*) from flag_end_user_last")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }

    @Test
    void theMigrationFillsTheSummaryFromExistingEventsAndCanRunAgain() throws Exception {
        try (PostgresTestDatabase own = migrated("tw_endusers_m", "102")) {
            String e = UUID.randomUUID().toString();
            Random r = new Random(11);
            List<AnalyticsEvent> batch = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                batch.add(new AnalyticsEvent(UUID.randomUUID(), e + "-f", e, "FlagValue", randomProperties(r), micros(randomTime(r))));
            }
            FlagEndUsersQuery q = new FlagEndUsersQuery(e, e + "-f", Optional.empty(), Optional.empty(), FROM,
                    Instant.parse("2027-01-01T00:00:00Z"), 1, 25);
            FlagEndUsersPage before;
            try (PostgresAnalyticsStore old = open(own); Connection c = own.connect()) {
                old.append(batch);
                before = old.flagEndUsers(q);
                assertThat(before).isEqualTo(old.rawFlagEndUsers(c, q));
                assertThat(before.items()).hasSize(25);
            }
            Flyway.configure().dataSource(own.jdbcUrl(), "postgres", "").locations("classpath:db/migration/postgresql").load().migrate();
            try (Connection c = own.connect()) {
                assertSummaryMatchesEvents(c);
                String script = new String(PostgresEndUserSummaryTest.class.getResourceAsStream(
                        "/db/migration/postgresql/V103__flag_end_user_last_seen.sql").readAllBytes(), StandardCharsets.UTF_8);
                try (Statement st = c.createStatement()) {
                    st.execute(script);
                }
                assertSummaryMatchesEvents(c);
                try (PostgresAnalyticsStore migrated = open(own)) {
                    migrated.append(batch.subList(0, 100)); // redelivered after the migration
                    assertThat(EndUserSummary.flagEndUsers(c, q)).contains(before);
                    assertThat(migrated.flagEndUsers(q)).isEqualTo(before).isEqualTo(migrated.rawFlagEndUsers(c, q));
                }
                assertSummaryMatchesEvents(c);
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static FlagEndUsersPage rawOf(Connection c, FlagEndUsersQuery q) {
        try {
            return store.rawFlagEndUsers(c, q);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

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

    /** Both tables say the same, in both directions (NULL and '' kept apart where the raw query keeps them apart). */
    private static void assertSummaryMatchesEvents(Connection c) throws Exception {
        String fromEvents = """
                select distinct_id, env_id, coalesce(tag_1, '<null>') || (tag_1 is null)::text as v,
                       coalesce(tag_0, '<null>') || (tag_0 is null)::text as k, coalesce(tag_3, '') as n, max(timestamp)
                from events where event = 'FlagValue' and env_id is not null group by 1, 2, 3, 4, 5""";
        String fromSummary = """
                select distinct_id, env_id, coalesce(variation, '<null>') || (variation is null)::text,
                       coalesce(user_key, '<null>') || (user_key is null)::text, name, last from flag_end_user_last""";
        try (PreparedStatement ps = c.prepareStatement("select (select count(*) from (%s except %s) a), (select count(*) from (%s except %s) b)"
                .formatted(fromEvents, fromSummary, fromSummary, fromEvents)); ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(List.of(rs.getLong(1), rs.getLong(2))).as("rows missing from / wrong in flag_end_user_last").containsExactly(0L, 0L);
        }
    }

    /**
     * A user of 150 (sometimes none, sometimes ''), a variation of 3 (sometimes none or ''), and a name that is
     * usually the user's but sometimes another one, missing or '' (names change over time).
     */
    private static String randomProperties(Random r) {
        StringBuilder p = new StringBuilder("{\"tag_2\":\"false\"");
        int u = r.nextInt(150);
        int k = r.nextInt(50);
        if (k != 0) {
            p.append(",\"tag_0\":\"").append(k == 1 ? "" : "user-" + u).append('"');
        }
        int v = r.nextInt(40);
        if (v != 0) {
            p.append(",\"tag_1\":\"").append(v == 1 ? "" : "var-" + (u + v % 2) % 3).append('"');
        }
        int n = r.nextInt(20);
        if (n != 0) {
            String name = switch (n) {
                case 1 -> "";
                case 2 -> "Ann_" + r.nextInt(3);
                case 3 -> "bob%" + r.nextInt(3);
                case 4 -> "x\\\\y";
                default -> "U" + u;
            };
            p.append(",\"tag_3\":\"").append(name).append('"');
        }
        return p.append('}').toString();
    }

    /** Spread over the 30 days; a tenth on the second, so that evaluations of one user share their time. */
    private static Instant randomTime(Random r) {
        Instant at = FROM.plusSeconds(r.nextLong(SPAN_SECONDS));
        return r.nextInt(10) == 0 ? at.truncatedTo(ChronoUnit.HOURS) : at.plusNanos(r.nextInt(1_000_000) * 1_000L);
    }

    private static FlagEndUsersQuery randomQuery(Random r) {
        Instant start = switch (r.nextInt(5)) {
            case 0 -> eventTimes.get(r.nextInt(eventTimes.size())); // an event exactly on the start is outside
            case 1 -> FROM.minusSeconds(3600);
            default -> randomTime(r);
        };
        Instant end = switch (r.nextInt(6)) {
            case 0 -> eventTimes.get(r.nextInt(eventTimes.size()));
            case 1 -> randomTime(r);
            case 2 -> FROM.plusSeconds(SPAN_SECONDS).plusNanos(r.nextInt(1000) * 1_000L);
            default -> Instant.parse("2026-12-01T00:00:00Z").plusSeconds(r.nextInt(1000));
        };
        String flag = r.nextInt(20) == 0 ? env + "-unknown" : flags.get(r.nextInt(flags.size()));
        Optional<String> variation = r.nextInt(4) == 0 ? Optional.of(List.of("var-0", "var-1", "var-2", "none").get(r.nextInt(4)))
                : Optional.empty();
        Optional<String> text = r.nextInt(3) == 0 ? Optional.of(QUERIES.get(r.nextInt(QUERIES.size()))) : Optional.empty();
        int pageSize = List.of(1, 5, 10, 20, 100).get(r.nextInt(5));
        int pageIndex = r.nextInt(4) == 0 ? r.nextInt(200) : r.nextInt(3);
        return new FlagEndUsersQuery(env, flag, variation, text, start, end, pageIndex, pageSize);
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }
}
