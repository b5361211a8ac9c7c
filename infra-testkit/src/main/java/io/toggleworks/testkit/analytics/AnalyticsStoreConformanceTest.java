package io.toggleworks.testkit.analytics;

import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.ArmData;
import io.toggleworks.spi.analytics.BucketCount;
import io.toggleworks.spi.analytics.ExperimentQuery;
import io.toggleworks.spi.analytics.FlagEndUser;
import io.toggleworks.spi.analytics.FlagEndUsersPage;
import io.toggleworks.spi.analytics.FlagEndUsersQuery;
import io.toggleworks.spi.analytics.FlagInsightsQuery;
import io.toggleworks.spi.analytics.IntervalType;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The one conformance suite for {@link AnalyticsStore} implementations (PostgreSQL, MongoDB, ClickHouse). A provider
 * module runs it by subclassing and returning a store on an isolated back end (a randomly named database) from
 * {@link #openStore()}. Every case writes under its own random environment id, so cases share one back end without
 * seeing each other's events and need no cleanup between them.
 *
 * <p>Events are built exactly as FeatBit's Evaluation Server builds them (infrastructure-and-analytics.md §2.2.4):
 * flag evaluations carry the user key in {@code tag_0}, the variation id in {@code tag_1}, {@code "true"} in
 * {@code tag_2} when sent to experiments and the user name in {@code tag_3}; metric events the user key in
 * {@code tag_0}, the numeric value as text in {@code tag_1} and the user name in {@code tag_2}. Event times are whole
 * milliseconds, the finest resolution every store keeps.
 */
@Timeout(120)
public abstract class AnalyticsStoreConformanceTest {

    /** A store on this test class's isolated back end; the suite closes it after each case. */
    protected abstract AnalyticsStore openStore();

    /**
     * A store configured to reach a server that does not answer (e.g. a closed port), when the provider can build
     * one; the cases about an unreachable store are skipped otherwise.
     */
    protected Optional<AnalyticsStore> openUnreachableStore() {
        return Optional.empty();
    }

    /**
     * Makes what was appended visible to queries, for stores that apply writes asynchronously; most need nothing.
     */
    protected void awaitWritesVisible(AnalyticsStore store) throws Exception {
    }

    protected AnalyticsStore store;
    protected String env;
    private static final Instant T0 = Instant.parse("2024-06-03T10:00:00Z"); // a Monday

    @BeforeEach
    void openStoreForCase() {
        store = openStore();
        env = UUID.randomUUID().toString();
    }

    @AfterEach
    void closeStoreAfterCase() {
        if (store != null) {
            store.close();
        }
    }

    // ---- event builders, shaped as the ELS writes them -------------------------------------------------------

    protected String flagId(String flagKey) {
        return env + "-" + flagKey;
    }

    protected AnalyticsEvent flagValue(String flagKey, String userKey, String userName, String variationId,
                                       boolean sendToExperiment, Instant at) {
        return flagValue(env, flagKey, userKey, userName, variationId, sendToExperiment, at);
    }

    protected static AnalyticsEvent flagValue(String envId, String flagKey, String userKey, String userName,
                                              String variationId, boolean sendToExperiment, Instant at) {
        String flagId = envId + "-" + flagKey;
        String props = "{\"route\":\"/Variation/GetMultiOptionVariation\",\"flagId\":" + q(flagId) + ",\"envId\":" + q(envId)
                + ",\"accountId\":\"\",\"projectId\":\"\",\"featureFlagKey\":" + q(flagKey)
                + ",\"sendToExperiment\":" + sendToExperiment + ",\"userKeyId\":" + q(userKey) + ",\"userName\":" + q(userName)
                + ",\"variationId\":" + q(variationId) + ",\"tag_0\":" + q(userKey) + ",\"tag_1\":" + q(variationId)
                + ",\"tag_2\":" + q(String.valueOf(sendToExperiment)) + ",\"tag_3\":" + q(userName) + "}";
        return new AnalyticsEvent(UUID.randomUUID(), flagId, envId, "FlagValue", props, micros(at));
    }

    protected AnalyticsEvent metric(String type, String eventName, String userKey, String userName, double value, Instant at) {
        String props = "{\"route\":\"/\",\"type\":" + q(type) + ",\"eventName\":" + q(eventName) + ",\"numericValue\":" + value
                + ",\"user\":{\"keyId\":" + q(userKey) + ",\"name\":" + q(userName) + "},\"applicationType\":\"web\""
                + ",\"projectId\":\"\",\"envId\":" + q(env) + ",\"accountId\":\"\",\"tag_0\":" + q(userKey)
                + ",\"tag_1\":" + q(numberText(value)) + ",\"tag_2\":" + q(userName) + "}";
        return new AnalyticsEvent(UUID.randomUUID(), eventName, env, type, props, micros(at));
    }

    protected static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    private static String numberText(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    protected void append(AnalyticsEvent... events) throws Exception {
        store.append(List.of(events));
        awaitWritesVisible(store);
    }

    protected List<BucketCount> insights(String flagKey, IntervalType interval, Instant start, Instant end, String zone) {
        return store.flagInsights(new FlagInsightsQuery(env, flagId(flagKey), interval, start, end, ZoneId.of(zone)));
    }

    protected FlagEndUsersPage endUsers(String flagKey, String variation, String query, int pageIndex, int pageSize) {
        return store.flagEndUsers(new FlagEndUsersQuery(env, flagId(flagKey), Optional.ofNullable(variation),
                Optional.ofNullable(query), T0.minus(1, ChronoUnit.DAYS), T0.plus(30, ChronoUnit.DAYS), pageIndex, pageSize));
    }

    // ---- flag insights ---------------------------------------------------------------------------------------

    @Test
    void flagInsightsCountsEvaluationsPerBucketAndVariation() throws Exception {
        append(flagValue("f", "u1", "U1", "v-a", false, T0),
                flagValue("f", "u1", "U1", "v-a", false, T0.plusSeconds(60)),
                flagValue("f", "u2", "U2", "v-b", false, T0.plusSeconds(120)),
                flagValue("f", "u3", "U3", "v-a", false, T0.plus(1, ChronoUnit.DAYS)));

        List<BucketCount> day = insights("f", IntervalType.DAY, T0.minus(2, ChronoUnit.DAYS), T0.plus(3, ChronoUnit.DAYS), "UTC");

        Instant d0 = T0.truncatedTo(ChronoUnit.DAYS);
        assertThat(day).containsExactly(
                new BucketCount(d0, "v-a", 2),
                new BucketCount(d0, "v-b", 1),
                new BucketCount(d0.plus(1, ChronoUnit.DAYS), "v-a", 1));
    }

    @Test
    void flagInsightsCountsOnlyThisFlagsEvaluationsInThisEnvironment() throws Exception {
        String otherEnv = UUID.randomUUID().toString();
        append(flagValue("f", "u1", "U1", "v-a", false, T0),
                flagValue("g", "u1", "U1", "v-a", false, T0),
                flagValue(otherEnv, "f", "u1", "U1", "v-a", false, T0),
                metric("CustomEvent", flagId("f"), "u1", "U1", 1, T0));

        assertThat(insights("f", IntervalType.DAY, T0.minus(1, ChronoUnit.DAYS), T0.plus(1, ChronoUnit.DAYS), "UTC"))
                .containsExactly(new BucketCount(T0.truncatedTo(ChronoUnit.DAYS), "v-a", 1));
    }

    @Test
    void theWindowExcludesBothEnds() throws Exception {
        Instant start = T0;
        Instant end = T0.plus(1, ChronoUnit.HOURS);
        append(flagValue("f", "u1", "U1", "at-start", false, start),
                flagValue("f", "u1", "U1", "inside", false, start.plusMillis(1)),
                flagValue("f", "u1", "U1", "inside", false, end.minusMillis(1)),
                flagValue("f", "u1", "U1", "at-end", false, end));

        assertThat(insights("f", IntervalType.HOUR, start, end, "UTC"))
                .containsExactly(new BucketCount(T0, "inside", 2));
    }

    @Test
    void bucketsAreTruncatedInTheRequestedTimeZone() throws Exception {
        // 23:30 UTC on June 1st is already June 2nd in Shanghai (UTC+8) and still June 1st in New York (UTC-4).
        Instant late = Instant.parse("2024-06-01T23:30:00Z");
        append(flagValue("f", "u1", "U1", "v", false, late));
        Instant from = late.minus(3, ChronoUnit.DAYS);
        Instant to = late.plus(3, ChronoUnit.DAYS);

        assertThat(insights("f", IntervalType.DAY, from, to, "Asia/Shanghai"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-01T16:00:00Z"), "v", 1));
        assertThat(insights("f", IntervalType.DAY, from, to, "America/New_York"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-01T04:00:00Z"), "v", 1));
        assertThat(insights("f", IntervalType.DAY, from, to, "UTC"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-01T00:00:00Z"), "v", 1));
    }

    @Test
    void bucketsAreTruncatedInAFixedOffset() throws Exception {
        // PostgreSQL reads a bare '+05:30' as POSIX (west of Greenwich); the offset must mean east, as in ISO 8601.
        Instant at = Instant.parse("2024-06-01T20:00:00Z"); // 01:30 on June 2nd at +05:30, 17:00 on June 1st at -03:00
        append(flagValue("f", "u1", "U1", "v", false, at));
        Instant from = at.minus(3, ChronoUnit.DAYS);
        Instant to = at.plus(3, ChronoUnit.DAYS);

        assertThat(insights("f", IntervalType.DAY, from, to, "+05:30"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-01T18:30:00Z"), "v", 1));
        assertThat(insights("f", IntervalType.HOUR, from, to, "+05:30"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-01T19:30:00Z"), "v", 1));
        assertThat(insights("f", IntervalType.DAY, from, to, "-03:00"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-01T03:00:00Z"), "v", 1));
        assertThat(insights("f", IntervalType.HOUR, from, to, "-03:00"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-01T20:00:00Z"), "v", 1));
    }

    @Test
    void everyIntervalTruncatesToItsUnit() throws Exception {
        Instant at = Instant.parse("2024-06-05T13:47:31.250Z"); // a Wednesday
        append(flagValue("f", "u1", "U1", "v", false, at));
        Instant from = Instant.parse("2024-05-01T00:00:00Z");
        Instant to = Instant.parse("2024-07-01T00:00:00Z");

        assertThat(insights("f", IntervalType.MINUTE, from, to, "UTC"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-05T13:47:00Z"), "v", 1));
        assertThat(insights("f", IntervalType.HOUR, from, to, "UTC"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-05T13:00:00Z"), "v", 1));
        assertThat(insights("f", IntervalType.DAY, from, to, "UTC"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-05T00:00:00Z"), "v", 1));
        assertThat(insights("f", IntervalType.WEEK, from, to, "UTC"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-03T00:00:00Z"), "v", 1));
        assertThat(insights("f", IntervalType.MONTH, from, to, "UTC"))
                .containsExactly(new BucketCount(Instant.parse("2024-06-01T00:00:00Z"), "v", 1));
        assertThat(insights("f", IntervalType.MONTH, from, to, "Asia/Tokyo"))
                .containsExactly(new BucketCount(Instant.parse("2024-05-31T15:00:00Z"), "v", 1));
    }

    @Test
    void flagInsightsOfAFlagWithoutEventsIsEmpty() {
        assertThat(insights("nothing", IntervalType.DAY, T0.minus(1, ChronoUnit.DAYS), T0, "UTC")).isEmpty();
    }

    // ---- ingestion ------------------------------------------------------------------------------------------

    @Test
    void aBatchDeliveredTwiceIsStoredOnce() throws Exception {
        List<AnalyticsEvent> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(flagValue("f", "u" + i, "U" + i, i % 2 == 0 ? "even" : "odd", false, T0.plusSeconds(i)));
        }
        store.append(batch);
        store.append(batch);
        // A redelivered batch may also overlap a new one, and a batch may repeat an event.
        store.append(List.of(batch.get(0), batch.get(0), flagValue("f", "u-new", "N", "odd", false, T0.plusSeconds(99))));
        awaitWritesVisible(store);

        assertThat(insights("f", IntervalType.DAY, T0.minus(1, ChronoUnit.DAYS), T0.plus(1, ChronoUnit.DAYS), "UTC"))
                .containsExactly(
                        new BucketCount(T0.truncatedTo(ChronoUnit.DAYS), "even", 25),
                        new BucketCount(T0.truncatedTo(ChronoUnit.DAYS), "odd", 26));
    }

    @Test
    void anEventWithMalformedPropertiesDoesNotBlockTheRestOfItsBatch() throws Exception {
        AnalyticsEvent good1 = flagValue("f", "u1", "U1", "v", false, T0);
        AnalyticsEvent bad = new AnalyticsEvent(UUID.randomUUID(), flagId("f"), env, "FlagValue", "{not json", micros(T0));
        AnalyticsEvent good2 = flagValue("f", "u2", "U2", "v", false, T0.plusSeconds(1));

        store.append(List.of(good1, bad, good2));
        awaitWritesVisible(store);

        assertThat(insights("f", IntervalType.DAY, T0.minus(1, ChronoUnit.DAYS), T0.plus(1, ChronoUnit.DAYS), "UTC"))
                .containsExactly(new BucketCount(T0.truncatedTo(ChronoUnit.DAYS), "v", 2));
    }

    @Test
    void anEmptyBatchIsAccepted() {
        store.append(List.of());
    }

    @Test
    void aLargeBatchIsStoredCompletely() throws Exception {
        List<AnalyticsEvent> batch = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            batch.add(flagValue("f", "u" + (i % 700), "U", "v" + (i % 3), false, T0.plusMillis(i * 250L)));
        }
        store.append(batch);
        awaitWritesVisible(store);

        List<BucketCount> counts = insights("f", IntervalType.DAY, T0.minus(1, ChronoUnit.DAYS), T0.plus(1, ChronoUnit.DAYS), "UTC");
        assertThat(counts).extracting(BucketCount::count).containsExactly(1667L, 1667L, 1666L);
        assertThat(endUsers("f", null, null, 0, 10).totalCount()).isEqualTo(2100); // 700 users x 3 variations
    }

    // ---- end users ------------------------------------------------------------------------------------------

    @Test
    void endUsersArePairsOfVariationAndUserNewestFirst() throws Exception {
        append(flagValue("f", "alice", "Alice", "v-a", false, T0),
                flagValue("f", "alice", "Alice", "v-a", false, T0.plusSeconds(30)),
                flagValue("f", "alice", "Alice", "v-b", false, T0.plusSeconds(10)),
                flagValue("f", "bob", "Bob", "v-a", false, T0.plusSeconds(20)),
                flagValue("g", "carol", "Carol", "v-a", false, T0.plusSeconds(40)));

        FlagEndUsersPage page = endUsers("f", null, null, 0, 10);

        assertThat(page.totalCount()).isEqualTo(3);
        assertThat(page.items()).containsExactly(
                new FlagEndUser("v-a", "alice", "Alice", T0.plusSeconds(30)),
                new FlagEndUser("v-a", "bob", "Bob", T0.plusSeconds(20)),
                new FlagEndUser("v-b", "alice", "Alice", T0.plusSeconds(10)));
    }

    @Test
    void endUsersArePaged() throws Exception {
        List<AnalyticsEvent> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(flagValue("f", "user-" + i, "User " + i, "v", false, T0.plusSeconds(i)));
        }
        append(events.toArray(AnalyticsEvent[]::new));

        FlagEndUsersPage first = endUsers("f", null, null, 0, 10);
        FlagEndUsersPage third = endUsers("f", null, null, 2, 10);
        FlagEndUsersPage beyond = endUsers("f", null, null, 5, 10);

        assertThat(first.totalCount()).isEqualTo(25);
        assertThat(first.items()).extracting(FlagEndUser::keyId).startsWith("user-24", "user-23").hasSize(10);
        assertThat(third.items()).extracting(FlagEndUser::keyId).containsExactly("user-4", "user-3", "user-2", "user-1", "user-0");
        assertThat(beyond.totalCount()).isEqualTo(25);
        assertThat(beyond.items()).isEmpty();
    }

    @Test
    void endUsersFilterByVariationAndByKeyOrNameIgnoringCase() throws Exception {
        append(flagValue("f", "alice-1", "Alice", "v-a", false, T0),
                flagValue("f", "bob-2", "Bob", "v-a", false, T0.plusSeconds(1)),
                flagValue("f", "carol-3", "Carol ALIson", "v-b", false, T0.plusSeconds(2)));

        assertThat(endUsers("f", "v-a", null, 0, 10).items()).extracting(FlagEndUser::keyId).containsExactly("bob-2", "alice-1");
        assertThat(endUsers("f", null, "ALI", 0, 10).items()).extracting(FlagEndUser::keyId).containsExactly("carol-3", "alice-1");
        assertThat(endUsers("f", "v-a", "ali", 0, 10).items()).extracting(FlagEndUser::keyId).containsExactly("alice-1");
        assertThat(endUsers("f", "v-a", "ali", 0, 10).totalCount()).isEqualTo(1);
        assertThat(endUsers("f", null, "-2", 0, 10).items()).extracting(FlagEndUser::keyId).containsExactly("bob-2");
    }

    @Test
    void theUserQueryIsTakenLiterally() throws Exception {
        append(flagValue("f", "100%_sure", "P", "v", false, T0),
                flagValue("f", "100 percent", "Q", "v", false, T0.plusSeconds(1)),
                flagValue("f", "a.b", "R", "v", false, T0.plusSeconds(2)),
                flagValue("f", "axb", "S", "v", false, T0.plusSeconds(3)),
                flagValue("f", "(x", "T", "v", false, T0.plusSeconds(4)));

        assertThat(endUsers("f", null, "0%_", 0, 10).items()).extracting(FlagEndUser::keyId).containsExactly("100%_sure");
        assertThat(endUsers("f", null, "a.b", 0, 10).items()).extracting(FlagEndUser::keyId).containsExactly("a.b");
        assertThat(endUsers("f", null, "(", 0, 10).items()).extracting(FlagEndUser::keyId).containsExactly("(x");
    }

    @Test
    void anEndUserShowsTheNameOfItsLatestEvaluation() throws Exception {
        append(flagValue("f", "u1", "Old name", "v", false, T0),
                flagValue("f", "u1", "New name", "v", false, T0.plusSeconds(5)));

        assertThat(endUsers("f", null, null, 0, 10).items())
                .containsExactly(new FlagEndUser("v", "u1", "New name", T0.plusSeconds(5)));
    }

    @Test
    void endUsersKeepMillisecondsOfTheLastEvaluation() throws Exception {
        append(flagValue("f", "u1", "U", "v", false, T0.plusMillis(123)));

        assertThat(endUsers("f", null, null, 0, 10).items().getFirst().lastEvaluatedAt()).isEqualTo(T0.plusMillis(123));
    }

    // ---- experiments ----------------------------------------------------------------------------------------

    private ExperimentQuery experiment(String flagKey, String type, String eventName, boolean numeric) {
        return new ExperimentQuery(env, flagId(flagKey), type, eventName, T0.minus(1, ChronoUnit.DAYS), T0.plus(1, ChronoUnit.DAYS), numeric);
    }

    @Test
    void conversionArmsCountExposedAndConvertedUsers() throws Exception {
        append(
                // Exposures sent to experiments; u1 twice (counted once), u5 not sent to experiments (ignored).
                flagValue("f", "u1", "U1", "A", true, T0),
                flagValue("f", "u1", "U1", "A", true, T0.plusSeconds(1)),
                flagValue("f", "u2", "U2", "A", true, T0),
                flagValue("f", "u3", "U3", "B", true, T0),
                flagValue("f", "u4", "U4", "B", true, T0),
                flagValue("f", "u5", "U5", "B", false, T0),
                // Metric events: u1 converts twice (one conversion), u3 converts, u5 is not exposed,
                // u2 fires another event and a PageView of the same name: neither counts.
                metric("CustomEvent", "checkout", "u1", "U1", 1, T0.plusSeconds(5)),
                metric("CustomEvent", "checkout", "u1", "U1", 1, T0.plusSeconds(6)),
                metric("CustomEvent", "checkout", "u3", "U3", 1, T0.plusSeconds(5)),
                metric("CustomEvent", "checkout", "u5", "U5", 1, T0.plusSeconds(5)),
                metric("CustomEvent", "other", "u2", "U2", 1, T0.plusSeconds(5)),
                metric("PageView", "checkout", "u2", "U2", 1, T0.plusSeconds(5)));

        List<ArmData> arms = store.experimentArms(experiment("f", "CustomEvent", "checkout", false));

        assertThat(arms).extracting(ArmData::variationId).containsExactly("A", "B");
        assertThat(arms.get(0).count()).isEqualTo(2);
        assertThat(arms.get(0).sum()).isEqualTo(1.0);
        assertThat(arms.get(1).count()).isEqualTo(2);
        assertThat(arms.get(1).sum()).isEqualTo(1.0);
    }

    @Test
    void conversionMatchesTheMetricsEventType() throws Exception {
        append(flagValue("f", "u1", "U1", "A", true, T0),
                flagValue("f", "u2", "U2", "A", true, T0),
                metric("PageView", "/pricing", "u1", "U1", 0, T0.plusSeconds(5)),
                metric("Click", "/pricing", "u2", "U2", 0, T0.plusSeconds(5)));

        List<ArmData> pageViews = store.experimentArms(experiment("f", "PageView", "/pricing", false));

        assertThat(pageViews).hasSize(1);
        assertThat(pageViews.getFirst().count()).isEqualTo(2);
        assertThat(pageViews.getFirst().sum()).isEqualTo(1.0);
    }

    @Test
    void numericArmsSumValuesPerUserOverUsersWithMetricEvents() throws Exception {
        append(flagValue("f", "u1", "U1", "A", true, T0),
                flagValue("f", "u2", "U2", "A", true, T0),
                flagValue("f", "u3", "U3", "A", true, T0),
                flagValue("f", "u4", "U4", "A", true, T0), // no metric event: not counted
                flagValue("f", "u5", "U5", "B", true, T0),
                metric("CustomEvent", "revenue", "u1", "U1", 10, T0.plusSeconds(1)),
                metric("CustomEvent", "revenue", "u1", "U1", 5, T0.plusSeconds(2)), // u1: 15
                metric("CustomEvent", "revenue", "u2", "U2", 20, T0.plusSeconds(1)),
                metric("CustomEvent", "revenue", "u3", "U3", 2.5, T0.plusSeconds(1)),
                metric("CustomEvent", "revenue", "u5", "U5", 7, T0.plusSeconds(1)));

        List<ArmData> arms = store.experimentArms(experiment("f", "CustomEvent", "revenue", true));

        assertThat(arms).extracting(ArmData::variationId).containsExactly("A", "B");
        ArmData a = arms.get(0);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.sum()).isCloseTo(37.5, within(1e-9));
        assertThat(a.mean()).isCloseTo(12.5, within(1e-9));
        // sample variance of 15, 20, 2.5: ((2.5)^2 + (7.5)^2 + (10)^2) / 2
        assertThat(a.variance()).isCloseTo(81.25, within(1e-9));
        ArmData b = arms.get(1);
        assertThat(b.count()).isEqualTo(1);
        assertThat(b.sum()).isCloseTo(7.0, within(1e-9));
        assertThat(b.mean()).isCloseTo(7.0, within(1e-9));
        assertThat(b.variance()).isZero();
    }

    @Test
    void anExperimentWithoutExposuresHasNoArms() {
        assertThat(store.experimentArms(experiment("none", "CustomEvent", "checkout", false))).isEmpty();
        assertThat(store.experimentArms(experiment("none", "CustomEvent", "checkout", true))).isEmpty();
    }

    // ---- availability ---------------------------------------------------------------------------------------

    @Test
    void aReachableStoreIsAvailable() {
        assertThat(store.isAvailable()).isTrue();
    }

    @Test
    void anUnreachableStoreSaysSoAndQueriesFailAsUnavailable() {
        Optional<AnalyticsStore> unreachable = openUnreachableStore();
        Assumptions.assumeTrue(unreachable.isPresent(), "this provider cannot build an unreachable store");
        try (AnalyticsStore s = unreachable.get()) {
            assertThat(s.isAvailable()).isFalse();
            assertThatThrownBy(() -> s.flagInsights(new FlagInsightsQuery(env, flagId("f"), IntervalType.DAY,
                    T0.minus(1, ChronoUnit.DAYS), T0, ZoneOffset.UTC)))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> s.append(List.of(flagValue("f", "u", "U", "v", false, T0))))
                    .isInstanceOf(StoreUnavailableException.class);
        }
    }
}
