package io.toggleworks.infra.clickhouse.analytics;

import io.toggleworks.infra.clickhouse.ClickHouseHttp;
import io.toggleworks.infra.clickhouse.ClickHouseSettings;
import io.toggleworks.infra.clickhouse.testing.ClickHouseTestServer;
import io.toggleworks.infra.clickhouse.testing.CuttingProxy;
import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.ArmData;
import io.toggleworks.spi.analytics.BucketCount;
import io.toggleworks.spi.analytics.ExperimentQuery;
import io.toggleworks.spi.analytics.FlagEndUser;
import io.toggleworks.spi.analytics.FlagEndUsersQuery;
import io.toggleworks.spi.analytics.FlagInsightsQuery;
import io.toggleworks.spi.analytics.IntervalType;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * What the conformance suite cannot see: the table's shape, duplicates physically present until a merge, tags
 * extracted like PostgreSQL's {@code ->>}, microsecond windows, time zones the suite does not cover, split inserts.
 * Expected values are computed by hand.
 */
class ClickHouseAnalyticsStoreTest {
    private static final Instant T0 = Instant.parse("2024-06-03T10:00:00Z");
    private static ClickHouseTestServer.Database database;
    private static ClickHouseHttp http;
    private AnalyticsStore store;
    private String env;

    @BeforeAll
    static void createDatabase() {
        database = ClickHouseTestServer.newDatabase();
        http = database.http();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
            http.close();
        }
    }

    @BeforeEach
    void open() {
        store = new ClickHouseAnalyticsStoreProvider().create(database.config());
        env = UUID.randomUUID().toString();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private AnalyticsEvent flagValue(String user, String variation, boolean experiment, long micros) {
        String props = "{\"tag_0\":\"" + user + "\",\"tag_1\":\"" + variation + "\",\"tag_2\":\"" + experiment
                + "\",\"tag_3\":\"Name " + user + "\"}";
        return new AnalyticsEvent(UUID.randomUUID(), env + "-f", env, "FlagValue", props, micros);
    }

    private AnalyticsEvent metric(String user, String valueJson, long micros) {
        String props = "{\"tag_0\":\"" + user + "\",\"tag_1\":" + valueJson + "}";
        return new AnalyticsEvent(UUID.randomUUID(), "revenue", env, "CustomEvent", props, micros);
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    private List<BucketCount> insights(IntervalType interval, Instant start, Instant end, String zone) {
        return store.flagInsights(new FlagInsightsQuery(env, env + "-f", interval, start, end, ZoneId.of(zone)));
    }

    private long rawRows() {
        return Long.parseLong(http.query("SELECT count() FROM `" + database.name() + "`.events WHERE env_id = '"
                + env + "' FORMAT TSV").strip());
    }

    @Test
    void theTableHasFeatBitsColumnsInThe1816Dialect() {
        String columns = http.query("SELECT name, type FROM system.columns WHERE database = '" + database.name()
                + "' AND table = 'events' FORMAT TSV");
        assertThat(columns).contains("uuid\tUUID", "distinct_id\tString", "env_id\tString", "event\tString",
                "properties\tString", "timestamp\tDateTime(\\'UTC\\')", "timestamp_us\tInt64", "tag_0\tString",
                "tag_19\tString");
        assertThat(http.query("SELECT engine FROM system.tables WHERE database = '" + database.name()
                + "' AND name = 'events' FORMAT TSV").strip()).isEqualTo("ReplacingMergeTree");
    }

    @Test
    void aSecondStoreStartsOnTheExistingSchema() {
        try (AnalyticsStore again = new ClickHouseAnalyticsStoreProvider().create(database.config())) {
            again.append(List.of(flagValue("u1", "v", false, micros(T0))));
        }
        assertThat(rawRows()).isEqualTo(1);
    }

    @Test
    void aTableOfAnotherShapeIsRefusedWithAnExplanation() {
        String other = database.name() + "_featbit";
        http.execute("CREATE DATABASE `" + other + "`");
        try {
            http.execute("CREATE TABLE `" + other + "`.events (uuid UUID, timestamp DateTime) ENGINE = MergeTree()"
                    + " ORDER BY timestamp");
            assertThatThrownBy(() -> new ClickHouseAnalyticsStoreProvider()
                    .create(database.config(Map.of("CLICKHOUSE_DATABASE", other))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("timestamp_us");
        } finally {
            http.execute("DROP DATABASE IF EXISTS `" + other + "`");
        }
    }

    @Test
    void duplicatesStayUntilAMergeButNeverCount() {
        List<AnalyticsEvent> batch = List.of(flagValue("u1", "v", false, micros(T0)),
                flagValue("u2", "v", false, micros(T0) + 1));
        store.append(batch);
        store.append(batch);
        store.append(batch);

        assertThat(rawRows()).isEqualTo(6); // three parts, not merged yet
        List<BucketCount> expected = List.of(new BucketCount(T0.truncatedTo(ChronoUnit.DAYS), "v", 2));
        assertThat(insights(IntervalType.DAY, T0.minus(1, ChronoUnit.DAYS), T0.plus(1, ChronoUnit.DAYS), "UTC"))
                .isEqualTo(expected);

        // Only the test month: merging every partition of the shared table would take long.
        http.execute("OPTIMIZE TABLE `" + database.name() + "`.events PARTITION 202406 FINAL");
        assertThat(rawRows()).isEqualTo(2); // the merge keeps one row per event id
        assertThat(insights(IntervalType.DAY, T0.minus(1, ChronoUnit.DAYS), T0.plus(1, ChronoUnit.DAYS), "UTC"))
                .isEqualTo(expected);
    }

    @Test
    void tagsAreReadLikePostgresArrowText() {
        String props = "{\"tag_0\":\"caf\\u00e9 \\\"x\\\"\",\"tag_1\":1.50,\"tag_2\":true,\"tag_3\":null,"
                + "\"nested\":{\"tag_4\":\"deep\"},\"tag_5\":{\"a\":[1,2]}}";
        store.append(List.of(new AnalyticsEvent(UUID.randomUUID(), "d", env, "FlagValue", props, micros(T0)),
                new AnalyticsEvent(UUID.randomUUID(), "d", env, "Array", "[1,2]", micros(T0))));

        String row = http.query("SELECT tag_0, tag_1, tag_2, tag_3, tag_4, tag_5 FROM `" + database.name()
                + "`.events WHERE env_id = '" + env + "' AND event = 'FlagValue' FORMAT TSV");
        assertThat(row.strip()).isEqualTo("café \"x\"\t1.50\ttrue\t\t\t{\"a\":[1,2]}");
        assertThat(rawRows()).isEqualTo(2); // valid JSON that is not an object is kept, without tags
    }

    @Test
    void otherWritersGetTheTagsFromTheDefaultExpression() {
        // As an INSERT ... SELECT from a Kafka-engine table would write: the six base columns only.
        http.execute("INSERT INTO `" + database.name() + "`.events (uuid, distinct_id, env_id, event, properties,"
                + " timestamp, timestamp_us) SELECT generateUUIDv4(), '" + env + "-f', '" + env + "', 'FlagValue',"
                + " '{\"tag_0\":\"u9\",\"tag_1\":\"v9\",\"tag_3\":\"N9\"}', toDateTime(" + T0.getEpochSecond() + "), "
                + micros(T0));

        assertThat(store.flagEndUsers(new FlagEndUsersQuery(env, env + "-f", Optional.empty(), Optional.empty(),
                T0.minusSeconds(1), T0.plusSeconds(1), 0, 10)).items())
                .containsExactly(new FlagEndUser("v9", "u9", "N9", T0));
    }

    @Test
    void windowsAreExclusiveToTheMicrosecond() {
        long t = micros(T0) + 123_456;
        store.append(List.of(flagValue("u1", "at", false, t), flagValue("u1", "after", false, t + 1)));
        Instant exact = Instant.EPOCH.plus(t, ChronoUnit.MICROS);

        assertThat(insights(IntervalType.DAY, exact, exact.plusSeconds(5), "UTC"))
                .containsExactly(new BucketCount(T0.truncatedTo(ChronoUnit.DAYS), "after", 1));
        assertThat(store.flagEndUsers(new FlagEndUsersQuery(env, env + "-f", Optional.empty(), Optional.empty(),
                exact.minusNanos(1_000), exact.plusNanos(1_000), 0, 10)).items())
                .containsExactly(new FlagEndUser("at", "u1", "Name u1", exact));
    }

    @Test
    void hoursAreTruncatedInZonesWithHalfAndQuarterHourOffsets() {
        Instant at = Instant.parse("2024-06-10T06:13:20Z"); // 11:43 in Kolkata (+05:30), 11:58 in Kathmandu (+05:45)
        store.append(List.of(flagValue("u1", "v", false, micros(at))));
        Instant from = at.minus(1, ChronoUnit.DAYS);
        Instant to = at.plus(1, ChronoUnit.DAYS);

        assertThat(insights(IntervalType.HOUR, from, to, "Asia/Kolkata"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-10T05:30:00Z"), "v", 1));
        assertThat(insights(IntervalType.HOUR, from, to, "Asia/Kathmandu"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-10T05:15:00Z"), "v", 1));
        // A fixed offset is not a zone name ClickHouse knows: the store shifts the time itself.
        assertThat(insights(IntervalType.HOUR, from, to, "+05:30"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-10T05:30:00Z"), "v", 1));
        assertThat(insights(IntervalType.DAY, from, to, "-09:30"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-09T09:30:00Z"), "v", 1));
        assertThat(insights(IntervalType.WEEK, from, to, "+14:00")) // 20:13 on Monday the 10th
                .containsExactly(new BucketCount(Instant.parse("2024-06-09T10:00:00Z"), "v", 1));
    }

    @Test
    void theRepeatedHourAtTheEndOfSummerTimeIsTwoBuckets() {
        // New York, 3 Nov 2024: 01:00-02:00 local happens twice, at 05:00 and at 06:00 UTC.
        Instant first = Instant.parse("2024-11-03T05:30:00Z");
        Instant second = Instant.parse("2024-11-03T06:30:00Z");
        store.append(List.of(flagValue("u1", "v", false, micros(first)), flagValue("u2", "v", false, micros(second))));

        assertThat(insights(IntervalType.HOUR, first.minus(1, ChronoUnit.DAYS), second.plus(1, ChronoUnit.DAYS),
                "America/New_York")).containsExactly(
                new BucketCount(Instant.parse("2024-11-03T05:00:00Z"), "v", 1),
                new BucketCount(Instant.parse("2024-11-03T06:00:00Z"), "v", 1));
        // Both are on the same local day, which began at 04:00 UTC (still summer time at midnight).
        assertThat(insights(IntervalType.DAY, first.minus(1, ChronoUnit.DAYS), second.plus(1, ChronoUnit.DAYS),
                "America/New_York")).containsExactly(new BucketCount(Instant.parse("2024-11-03T04:00:00Z"), "v", 2));
    }

    @Test
    void hoursAtLordHoweIslandsHalfHourSummerTimeChangeStartWithTheLocalHour() {
        // 7 Apr 2024, 02:00 +11 becomes 01:30 +10:30 at 15:00 UTC. 18.16 gets local time wrong after such a change.
        store.append(List.of(flagValue("u1", "v", false, micros(Instant.parse("2024-04-06T14:45:00Z"))),
                flagValue("u2", "v", false, micros(Instant.parse("2024-04-06T15:15:00Z"))),
                flagValue("u3", "v", false, micros(Instant.parse("2024-04-06T16:10:00Z"))),
                flagValue("u4", "v", false, micros(Instant.parse("2024-04-07T13:20:00Z"))))); // 23:50 local
        Instant from = Instant.parse("2024-04-05T00:00:00Z");
        Instant to = Instant.parse("2024-04-09T00:00:00Z");

        assertThat(insights(IntervalType.HOUR, from, to, "Australia/Lord_Howe")).containsExactly(
                new BucketCount(Instant.parse("2024-04-06T14:00:00Z"), "v", 1), // 01:45 +11 -> 01:00 +11
                new BucketCount(Instant.parse("2024-04-06T14:30:00Z"), "v", 1), // 01:45 +10:30 -> 01:00 +10:30
                new BucketCount(Instant.parse("2024-04-06T15:30:00Z"), "v", 1), // 02:40 +10:30 -> 02:00
                new BucketCount(Instant.parse("2024-04-07T12:30:00Z"), "v", 1)); // 23:50 -> 23:00 +10:30
        assertThat(insights(IntervalType.DAY, from, to, "Australia/Lord_Howe")).containsExactly(
                new BucketCount(Instant.parse("2024-04-06T13:00:00Z"), "v", 4)); // all on 7 Apr, which began at +11
        assertThat(ClickHouseAnalyticsStore.hasSubHourChange(ZoneId.of("Australia/Lord_Howe"), from, to)).isTrue();
        assertThat(ClickHouseAnalyticsStore.hasSubHourChange(ZoneId.of("America/New_York"), Instant.EPOCH,
                Instant.MAX)).isFalse();
    }

    @Test
    void anAppendLargerThanTheInsertBatchIsSplitAndStoredCompletely() {
        List<AnalyticsEvent> events = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            events.add(flagValue("u" + i, "v", false, micros(T0) + i));
        }
        try (AnalyticsStore small = new ClickHouseAnalyticsStoreProvider()
                .create(database.config(Map.of("CLICKHOUSE_INSERT_BATCH_ROWS", "5")))) {
            small.append(events);
        }
        assertThat(rawRows()).isEqualTo(23);
        assertThat(insights(IntervalType.DAY, T0.minusSeconds(1), T0.plusSeconds(1), "UTC"))
                .containsExactly(new BucketCount(T0.truncatedTo(ChronoUnit.DAYS), "v", 23));
    }

    @Test
    void aConnectionLostMidAppendLosesNothingOnceTheBatchIsRetried() throws Exception {
        List<AnalyticsEvent> events = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            events.add(flagValue("u" + i, i % 2 == 0 ? "even" : "odd", false, micros(T0) + i));
        }
        // POSTs 1-3 create and check the schema, 4 and 5 insert 10 rows, the 6th is cut.
        try (CuttingProxy proxy = new CuttingProxy(database.endpoint(), 6);
             AnalyticsStore flaky = new ClickHouseAnalyticsStoreProvider().create(database.config(Map.of(
                     "CLICKHOUSE_HTTP_PORT", Integer.toString(proxy.port()), "CLICKHOUSE_INSERT_BATCH_ROWS", "5")))) {
            assertThatThrownBy(() -> flaky.append(events)).isInstanceOf(StoreUnavailableException.class);
        }
        assertThat(rawRows()).isEqualTo(10); // half-written, as after a crash

        store.append(events); // the queue redelivers the whole batch

        assertThat(insights(IntervalType.DAY, T0.minusSeconds(1), T0.plusSeconds(1), "UTC")).containsExactly(
                new BucketCount(T0.truncatedTo(ChronoUnit.DAYS), "even", 12),
                new BucketCount(T0.truncatedTo(ChronoUnit.DAYS), "odd", 11));
    }

    @Test
    void aDroppedDatabaseIsCreatedAgainOnTheNextCall() {
        try (ClickHouseTestServer.Database own = ClickHouseTestServer.newDatabase();
             AnalyticsStore s = new ClickHouseAnalyticsStoreProvider().create(own.config())) {
            s.append(List.of(flagValue("u1", "v", false, micros(T0))));
            own.close(); // an operator drops it while the service runs

            assertThat(insights(s, T0)).isEmpty();
            s.append(List.of(flagValue("u2", "v", false, micros(T0))));
            assertThat(insights(s, T0)).containsExactly(new BucketCount(T0.truncatedTo(ChronoUnit.DAYS), "v", 1));
        }
    }

    private List<BucketCount> insights(AnalyticsStore s, Instant around) {
        return s.flagInsights(new FlagInsightsQuery(env, env + "-f", IntervalType.DAY, around.minusSeconds(1),
                around.plusSeconds(1), ZoneId.of("UTC")));
    }

    @Test
    void eventsSpreadOverMoreMonthsThanOneInsertMayTouchAreStored() {
        List<AnalyticsEvent> events = new ArrayList<>();
        Instant start = Instant.parse("2001-01-15T00:00:00Z");
        for (int i = 0; i < 200; i++) { // 200 months, newest first: the store sorts them
            events.add(flagValue("u" + i, "v", false, micros(start.plus(30L * (199 - i), ChronoUnit.DAYS))));
        }
        store.append(events);

        assertThat(rawRows()).isEqualTo(200);
        assertThat(ClickHouseAnalyticsStore.chunks(events, 10_000)).hasSize(3)
                .allSatisfy(c -> assertThat(c.stream().map(e -> java.time.YearMonth.from(
                                Instant.EPOCH.plus(e.timestampMicros(), ChronoUnit.MICROS).atZone(java.time.ZoneOffset.UTC)))
                        .distinct().count()).isLessThanOrEqualTo(ClickHouseAnalyticsStore.MAX_MONTHS_PER_INSERT));
        assertThat(ClickHouseAnalyticsStore.chunks(events, 7)).hasSize(29).flatMap(c -> c).hasSize(200);
    }

    @Test
    void aBatchOfOnlyMalformedEventsWritesNothing() {
        store.append(List.of(new AnalyticsEvent(UUID.randomUUID(), "d", env, "FlagValue", "{oops", micros(T0))));
        assertThat(rawRows()).isZero();
    }

    @Test
    void numericArmsTakeOnlyNumericValuesAndRedeliveredMetricsCountOnce() {
        long t = micros(T0);
        AnalyticsEvent paid = metric("u1", "\" 2 \"", t + 1);
        store.append(List.of(flagValue("u1", "A", true, t), flagValue("u2", "A", true, t),
                flagValue("u3", "A", true, t),
                paid, paid, metric("u1", "\"+3\"", t + 2), metric("u1", "\"n/a\"", t + 3),
                metric("u2", "\"1e1\"", t + 1),
                metric("u3", "\"oops\"", t + 1))); // u3 has no numeric value: not in the arm
        store.append(List.of(paid)); // redelivered later

        List<ArmData> arms = store.experimentArms(new ExperimentQuery(env, env + "-f", "CustomEvent", "revenue",
                T0.minusSeconds(1), T0.plusSeconds(1), true));

        assertThat(arms).hasSize(1);
        ArmData a = arms.getFirst();
        assertThat(a.count()).isEqualTo(2); // u1: 2 + 3 = 5, u2: 10
        assertThat(a.sum()).isCloseTo(15.0, within(1e-9));
        assertThat(a.mean()).isCloseTo(7.5, within(1e-9));
        assertThat(a.variance()).isCloseTo(12.5, within(1e-9)); // ((5-7.5)^2 + (10-7.5)^2) / 1
    }

    @Test
    void hostileTextIsEscaped() {
        String nasty = "x' OR 1=1 -- \\' \\\\ \t\n\0 ü 🎉";
        store.append(List.of(flagValue("u1", "v", false, micros(T0))));
        assertThat(store.flagEndUsers(new FlagEndUsersQuery(env, env + "-f", Optional.of(nasty), Optional.of(nasty),
                T0.minusSeconds(1), T0.plusSeconds(1), 0, 10)).totalCount()).isZero();
        assertThat(http.query("SELECT " + io.toggleworks.infra.clickhouse.Sql.string(nasty) + " AS s FORMAT TSV"))
                .isEqualTo("x\\' OR 1=1 -- \\\\\\' \\\\\\\\ \\t\\n\\0 ü 🎉\n"); // TSV escapes it again
    }

    @Test
    void theEndUserPageIsNewestFirstWithTiesInCodePointOrder() {
        long t = micros(T0);
        store.append(List.of(flagValue("b", "v", false, t), flagValue("a", "v", false, t),
                flagValue("Z", "v", false, t), flagValue("c", "v", false, t + 1)));
        assertThat(store.flagEndUsers(new FlagEndUsersQuery(env, env + "-f", Optional.empty(), Optional.empty(),
                T0.minusSeconds(1), T0.plusSeconds(1), 0, 10)).items())
                .extracting(FlagEndUser::keyId).containsExactly("c", "Z", "a", "b");
    }

    @Test
    void settingsComeFromFeatBitsVariables() {
        ClickHouseSettings defaults = ClickHouseSettings.from(io.toggleworks.spi.config.ProviderConfig.of(Map.of()));
        assertThat(defaults.endpoints()).extracting(Object::toString).containsExactly("http://clickhouse-server:8123/");
        assertThat(defaults.database()).isEqualTo("featbit");
        assertThat(defaults.user()).isEqualTo("default");
        assertThat(defaults.password()).isEmpty();

        ClickHouseSettings set = ClickHouseSettings.from(io.toggleworks.spi.config.ProviderConfig.of(Map.of(
                "CLICKHOUSE_HOST", "ch1", "CLICKHOUSE_HTTP_PORT", "18123", "CLICKHOUSE_ALT_HOST", "ch2:9000, ch3",
                "CLICKHOUSE_SECURE", "true", "CLICKHOUSE_USER", "das", "CLICKHOUSE_PASSWORD", "pw",
                "CLICKHOUSE_DATABASE", "featbit", "SUFFIX", "_test")));
        assertThat(set.endpoints()).extracting(Object::toString)
                .containsExactly("https://ch1:18123/", "https://ch2:18123/", "https://ch3:18123/");
        assertThat(set.database()).isEqualTo("featbit_test");
        assertThat(set.user()).isEqualTo("das");
        assertThat(set.password()).isEqualTo("pw");

        assertThatThrownBy(() -> ClickHouseSettings.from(io.toggleworks.spi.config.ProviderConfig.of(
                Map.of("CLICKHOUSE_DATABASE", "x`; DROP"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CLICKHOUSE_DATABASE");
    }
}
