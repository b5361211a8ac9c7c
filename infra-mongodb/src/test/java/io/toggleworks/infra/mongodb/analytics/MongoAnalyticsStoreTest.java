package io.toggleworks.infra.mongodb.analytics;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.toggleworks.infra.mongodb.connection.MongoSettings;
import io.toggleworks.infra.mongodb.testing.InMemoryMongo;
import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.ArmData;
import io.toggleworks.spi.analytics.BucketCount;
import io.toggleworks.spi.analytics.ExperimentQuery;
import io.toggleworks.spi.analytics.FlagEndUser;
import io.toggleworks.spi.analytics.FlagEndUsersQuery;
import io.toggleworks.spi.analytics.FlagInsightsQuery;
import io.toggleworks.spi.analytics.IntervalType;
import io.toggleworks.spi.config.ProviderConfig;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What the conformance suite does not pin down for MongoDB, with hand-computed expectations: the stored document
 * shape, events FeatBit wrote (named properties only), ISO weeks across a year end, a daylight-saving fall-back hour,
 * the DAS's index rule.
 */
class MongoAnalyticsStoreTest {
    static InMemoryMongo mongo;
    static MongoClient client;
    static MongoDatabase db;
    AnalyticsStore store;
    String env;

    @BeforeAll
    static void start() {
        mongo = new InMemoryMongo();
        client = new MongoSettings(mongo.uri(), mongo.database, "test").openClient();
        db = client.getDatabase(mongo.database);
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    @BeforeEach
    void open() {
        store = MongoAnalyticsStoreConformanceTest.provider().create(ProviderConfig.of(Map.of(
                "MongoDb__ConnectionString", mongo.uri(), "MongoDb__Database", mongo.database)));
        env = UUID.randomUUID().toString();
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        store.close();
    }

    private AnalyticsEvent flagValue(String user, String variation, boolean expt, Instant at) {
        String props = "{\"flagId\":\"" + env + "-f\",\"sendToExperiment\":" + expt + ",\"userKeyId\":\"" + user
                + "\",\"userName\":\"" + user.toUpperCase() + "\",\"variationId\":\"" + variation + "\",\"tag_0\":\"" + user
                + "\",\"tag_1\":\"" + variation + "\",\"tag_2\":\"" + expt + "\",\"tag_3\":\"" + user.toUpperCase() + "\"}";
        return new AnalyticsEvent(UUID.randomUUID(), env + "-f", env, "FlagValue", props, ChronoUnit.MICROS.between(Instant.EPOCH, at));
    }

    private List<BucketCount> insights(IntervalType interval, Instant from, Instant to, String zone) {
        return store.flagInsights(new FlagInsightsQuery(env, env + "-f", interval, from, to, ZoneId.of(zone)));
    }

    @Test
    void eventsAreStoredInFeatBitsDocumentShape() {
        UUID id = UUID.randomUUID();
        store.append(List.of(new AnalyticsEvent(id, env + "-f", env, "FlagValue",
                "{\"variationId\":\"v\",\"sendToExperiment\":true,\"numericValue\":1.5}", 1_717_200_000_123_456L)));
        Document d = db.getCollection("Events").find(new Document("_id", id.toString())).first();
        assertThat(d).isNotNull();
        assertThat(d.keySet()).containsExactly("_id", "distinct_id", "env_id", "event", "properties", "timestamp");
        assertThat(d.get("properties", Document.class).getBoolean("sendToExperiment")).isTrue();
        assertThat(d.get("properties", Document.class).getDouble("numericValue")).isEqualTo(1.5);
        // FeatBit converts microseconds to a BSON date: milliseconds, truncated.
        assertThat(d.getDate("timestamp")).isEqualTo(new Date(1_717_200_000_123L));
    }

    @Test
    void readsEventsFeatBitWroteWithNamedPropertiesOnly() {
        Instant t = Instant.parse("2024-06-03T10:00:00Z");
        db.getCollection("Events").insertMany(List.of(
                event("FlagValue", env + "-f", new Document("userKeyId", "u1").append("userName", "Ann").append("variationId", "A")
                        .append("sendToExperiment", true), t),
                event("FlagValue", env + "-f", new Document("userKeyId", "u2").append("userName", "Bob").append("variationId", "B")
                        .append("sendToExperiment", true), t),
                event("CustomEvent", "pay", new Document("user", new Document("keyId", "u1").append("name", "Ann")).append("numericValue", 4.0), t.plusSeconds(1)),
                event("CustomEvent", "pay", new Document("user", new Document("keyId", "u1").append("name", "Ann")).append("numericValue", 6.0), t.plusSeconds(2)),
                event("CustomEvent", "pay", new Document("user", new Document("keyId", "u2").append("name", "Bob")).append("numericValue", 3.0), t.plusSeconds(2))));
        Instant from = t.minus(1, ChronoUnit.DAYS);
        Instant to = t.plus(1, ChronoUnit.DAYS);

        assertThat(insights(IntervalType.DAY, from, to, "UTC")).containsExactly(
                new BucketCount(Instant.parse("2024-06-03T00:00:00Z"), "A", 1), new BucketCount(Instant.parse("2024-06-03T00:00:00Z"), "B", 1));
        assertThat(store.flagEndUsers(new FlagEndUsersQuery(env, env + "-f", Optional.of("A"), Optional.of("an"), from, to, 0, 10)).items())
                .containsExactly(new FlagEndUser("A", "u1", "Ann", t));
        List<ArmData> numeric = store.experimentArms(new ExperimentQuery(env, env + "-f", "CustomEvent", "pay", from, to, true));
        assertThat(numeric).containsExactly(new ArmData("A", 1, 10, 10, 0), new ArmData("B", 1, 3, 3, 0));
        List<ArmData> conversion = store.experimentArms(new ExperimentQuery(env, env + "-f", "CustomEvent", "pay", from, to, false));
        assertThat(conversion).containsExactly(new ArmData("A", 1, 1, 0, 0), new ArmData("B", 1, 1, 0, 0));
    }

    private Document event(String type, String distinctId, Document properties, Instant at) {
        return new Document("_id", UUID.randomUUID().toString()).append("distinct_id", distinctId).append("env_id", env)
                .append("event", type).append("properties", properties).append("timestamp", Date.from(at));
    }

    @Test
    void isoWeeksStartOnMondayAcrossAYearEnd() {
        store.append(List.of(
                flagValue("u1", "v", false, Instant.parse("2021-01-02T12:00:00Z")), // Saturday of ISO week 2020-W53
                flagValue("u1", "v", false, Instant.parse("2024-12-30T12:00:00Z")), // Monday of ISO week 2025-W01
                flagValue("u1", "v", false, Instant.parse("2025-01-05T12:00:00Z")), // Sunday, same week
                flagValue("u1", "v", false, Instant.parse("2024-12-29T23:30:00Z")))); // Sunday in UTC, Monday 00:30 in Paris
        Instant from = Instant.parse("2020-12-01T00:00:00Z");
        Instant to = Instant.parse("2025-02-01T00:00:00Z");

        assertThat(insights(IntervalType.WEEK, from, to, "UTC")).containsExactly(
                new BucketCount(Instant.parse("2020-12-28T00:00:00Z"), "v", 1),
                new BucketCount(Instant.parse("2024-12-23T00:00:00Z"), "v", 1),
                new BucketCount(Instant.parse("2024-12-30T00:00:00Z"), "v", 2));
        assertThat(insights(IntervalType.WEEK, from, to, "Europe/Paris")).containsExactly(
                new BucketCount(Instant.parse("2020-12-27T23:00:00Z"), "v", 1),
                new BucketCount(Instant.parse("2024-12-29T23:00:00Z"), "v", 3));
    }

    @Test
    void theTwoHoursOfADaylightSavingFallBackAreTwoBuckets() {
        // Paris leaves summer time on 2024-10-27 at 03:00 local (01:00 UTC): 02:30 local happens twice.
        store.append(List.of(
                flagValue("u1", "v", false, Instant.parse("2024-10-27T00:30:00Z")), // 02:30+02:00
                flagValue("u1", "v", false, Instant.parse("2024-10-27T01:30:00Z")))); // 02:30+01:00
        Instant from = Instant.parse("2024-10-26T00:00:00Z");
        Instant to = Instant.parse("2024-10-28T00:00:00Z");

        assertThat(insights(IntervalType.HOUR, from, to, "Europe/Paris")).containsExactly(
                new BucketCount(Instant.parse("2024-10-27T00:00:00Z"), "v", 1),
                new BucketCount(Instant.parse("2024-10-27T01:00:00Z"), "v", 1));
        // The local day is 25 hours long and starts at 22:00 UTC the evening before.
        assertThat(insights(IntervalType.DAY, from, to, "Europe/Paris")).containsExactly(
                new BucketCount(Instant.parse("2024-10-26T22:00:00Z"), "v", 2));
        // Half-hour zones: 06:00 and 07:00 in Kolkata (UTC+05:30) start at :30 UTC.
        assertThat(insights(IntervalType.HOUR, from, to, "Asia/Kolkata")).containsExactly(
                new BucketCount(Instant.parse("2024-10-27T00:30:00Z"), "v", 1),
                new BucketCount(Instant.parse("2024-10-27T01:30:00Z"), "v", 1));
    }

    @Test
    void zonesArePassedAsNamesOrOffsetsMongoDbKnows() {
        assertThat(new InsightBuckets(IntervalType.DAY, ZoneId.of("Europe/Paris")).serverTimezone()).isEqualTo("Europe/Paris");
        assertThat(new InsightBuckets(IntervalType.DAY, java.time.ZoneOffset.UTC).serverTimezone()).isEqualTo("+00:00");
        assertThat(new InsightBuckets(IntervalType.DAY, ZoneId.of("UTC+08:00")).serverTimezone()).isEqualTo("+08:00");
        assertThat(new InsightBuckets(IntervalType.DAY, ZoneId.of("GMT-3")).serverTimezone()).isEqualTo("-03:00");
        assertThat(new InsightBuckets(IntervalType.DAY, ZoneId.of("UTC")).serverTimezone()).isEqualTo("+00:00");

        store.append(List.of(flagValue("u1", "v", false, Instant.parse("2024-06-01T23:30:00Z"))));
        Instant from = Instant.parse("2024-05-30T00:00:00Z");
        Instant to = Instant.parse("2024-06-05T00:00:00Z");
        assertThat(store.flagInsights(new FlagInsightsQuery(env, env + "-f", IntervalType.DAY, from, to, ZoneId.of("UTC+08:00"))))
                .containsExactly(new BucketCount(Instant.parse("2024-06-01T16:00:00Z"), "v", 1));
        assertThat(store.flagInsights(new FlagInsightsQuery(env, env + "-f", IntervalType.DAY, from, to, java.time.ZoneOffset.UTC)))
                .containsExactly(new BucketCount(Instant.parse("2024-06-01T00:00:00Z"), "v", 1));
    }

    @Test
    void numericVarianceIsTheSampleVarianceOfPerUserSums() {
        // Per-user sums 1e9+1, 1e9+2, 1e9+3: a naive sum-of-squares formula loses the 1 in 1e18.
        ArmData arm = MongoAnalyticsStore.ExperimentArms.numericArm("A", List.of(1e9 + 1, 1e9 + 2, 1e9 + 3));
        assertThat(arm.count()).isEqualTo(3);
        assertThat(arm.mean()).isCloseTo(1e9 + 2, within(1e-6));
        assertThat(arm.variance()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void theSearchTextIsMatchedLiterally() {
        String nasty = "a.b*c+d?e(f)[g]{h}^i$j|k\\l/m#n-o%p_q";
        Pattern p = Pattern.compile(LiteralPattern.of(nasty), Pattern.CASE_INSENSITIVE);
        assertThat(p.matcher("xx" + nasty.toUpperCase() + "yy").find()).isTrue();
        assertThat(p.matcher(nasty.replace('.', 'x')).find()).isFalse();
        assertThat(Pattern.compile(LiteralPattern.of("\\E\\Q")).matcher("\\E\\Q").find()).isTrue();
    }

    @Test
    void theEventsIndexIsCreatedOnlyWithTheCollection() {
        List<String> keys = new ArrayList<>();
        db.getCollection("Events").listIndexes().forEach(i -> keys.add(i.get("key", Document.class).toJson()));
        assertThat(keys).contains("{\"event\": 1, \"env_id\": 1, \"distinct_id\": 1, \"timestamp\": 1}");

        // Like FeatBit's DAS migration: an existing collection is left as its operator indexed it.
        String other = "tw_other_" + UUID.randomUUID().toString().substring(0, 8);
        client.getDatabase(other).createCollection("Events");
        try (AnalyticsStore s = MongoAnalyticsStoreConformanceTest.provider().create(ProviderConfig.of(Map.of(
                "MONGO_URI", mongo.uri(), "MONGO_INITDB_DATABASE", other)))) {
            List<Document> indexes = client.getDatabase(other).getCollection("Events").listIndexes().into(new ArrayList<>());
            assertThat(indexes).extracting(i -> i.get("key", Document.class).toJson()).containsExactly("{\"_id\": 1}");
            assertThat(s.isAvailable()).isTrue();
        } finally {
            client.getDatabase(other).drop();
        }
    }
}
