package io.toggleworks.api.experiments;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.toggleworks.api.flags.FlagFixtures;
import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.MongoBackend;
import io.toggleworks.api.testing.RunningApi;
import io.toggleworks.api.testing.TestDatabase;
import io.toggleworks.core.json.Json;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Experiments and metrics through the running API (its own instance, so {@code OLAP__ServiceHost} can point at
 * {@link FakeDas}) on a real PostgreSQL, or MongoDB in the {@code mongodb} run: metric CRUD, the iteration lifecycle,
 * what the API sends to the DAS (microseconds, the flag's variations, the iteration's event) and what it stores from
 * the answer; and hostile input to every route, each answered with its 4xx and code while both tables (collections)
 * stay unchanged. What was stored is read with the database's own store classes.
 */
@Tag("mongodb")
class ExperimentApiTest {
    static TestDatabase db;
    static MongoBackend mongo;
    static MongoClient mongoClient;
    static MongoDatabase mongoDb;
    static ExperimentStore stored;
    static ExperimentMetricStore storedMetrics;
    static FakeDas das;
    static RunningApi server;
    static ApiClient org;
    static UUID env;
    static UUID userId;
    /** The prod environment beside each dev environment {@link #devEnv} made. */
    static final Map<UUID, UUID> prodOf = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        das = new FakeDas();
        if (MongoBackend.selected()) {
            mongo = MongoBackend.start();
            server = RunningApi.start(mongo, Map.of("OLAP__ServiceHost", das.url() + "/"));
            mongoClient = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(mongo.uri())).uuidRepresentation(UuidRepresentation.STANDARD).build());
            mongoDb = mongoClient.getDatabase(mongo.database());
            stored = new MongoExperimentStore(mongoDb);
            storedMetrics = new MongoExperimentMetricStore(mongoDb);
        } else {
            db = TestDatabase.create();
            server = RunningApi.start(db, Map.of("OLAP__ServiceHost", das.url() + "/"));
            stored = new PostgresExperimentStore(db.jdbc());
            storedMetrics = new PostgresExperimentMetricStore(db.jdbc());
        }
        ApiClient api = server.seededUser();
        userId = UUID.fromString(api.get("user/profile").ok().data().path("id").asString());
        org = newOrganization(api);
        env = devEnv(org);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (das != null) {
            das.close();
        }
        if (mongoClient != null) {
            mongoClient.close();
        }
        if (mongo != null) {
            mongo.close();
        }
        if (db != null) {
            db.close();
        }
    }

    static ApiClient newOrganization(ApiClient api) {
        String key = "org-" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = UUID.fromString(api.post("organizations", Map.of("name", key, "key", key)).ok().data().path("id").asString());
        return api.withOrganization(id);
    }

    static UUID devEnv(ApiClient org) {
        String key = "p-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode project = org.post("projects", Map.of("name", key, "key", key)).ok().data();
        UUID dev = null;
        UUID prod = null;
        for (JsonNode e : project.path("environments")) {
            if ("dev".equals(e.path("key").asString())) {
                dev = UUID.fromString(e.path("id").asString());
            } else if ("prod".equals(e.path("key").asString())) {
                prod = UUID.fromString(e.path("id").asString());
            }
        }
        if (dev == null || prod == null) {
            throw new AssertionError("no dev or prod env in " + project);
        }
        prodOf.put(dev, prod);
        return dev;
    }

    static Map<String, Object> metric(String name, int eventType, int trackOption) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", "what we count");
        m.put("maintainerUserId", userId.toString());
        m.put("eventName", name.toLowerCase().replace(' ', '-'));
        m.put("eventType", eventType);
        m.put("customEventTrackOption", trackOption);
        m.put("customEventUnit", trackOption == 2 ? "USD" : null);
        m.put("customEventSuccessCriteria", 1);
        m.put("elementTargets", eventType == 3 ? "#buy" : null);
        m.put("targetUrls", eventType == 2 ? List.of(Map.of("id", "u1", "matchType", 1, "url", "/thanks")) : List.of());
        return m;
    }

    static String metrics() {
        return "envs/" + env + "/experiment-metrics";
    }

    static String experiments() {
        return "envs/" + env + "/experiments";
    }

    static JsonNode flag(String key) {
        return FlagFixtures.create(org, env, key).data();
    }

    static JsonNode newExperiment(String flagKey, String metricName) {
        JsonNode flag = flag(flagKey);
        JsonNode metric = org.post(metrics(), metric(metricName, 1, 1)).ok().data();
        Map<String, Object> body = Map.of("featureFlagId", flag.path("id").asString(), "metricId",
                metric.path("id").asString(), "baseLineVariationId", FlagFixtures.FALSE_ID);
        return org.post(experiments(), body).ok().data();
    }

    @Test
    void metricsAreCreatedListedUpdatedAndArchived() {
        JsonNode custom = org.post(metrics(), metric("Checkout Done", 1, 2)).ok().data();
        assertThat(custom.path("name").asString()).isEqualTo("Checkout Done");
        assertThat(custom.path("maintainerName").asString()).isNotBlank();
        assertThat(custom.path("maintainerEmail").asString()).isEqualTo("test@featbit.com");
        assertThat(custom.path("customEventTrackOption").asInt()).isEqualTo(2);
        assertThat(custom.path("isArvhived").asBoolean()).isFalse();
        JsonNode page = org.post(metrics(), metric("Thanks Page", 2, 1)).ok().data();
        assertThat(page.path("targetUrls").path(0).path("url").asString()).isEqualTo("/thanks");
        org.post(metrics(), metric("Buy Click", 3, 1)).ok();

        assertThat(org.get(metrics() + "?metricName=thanks").ok().data().path("totalCount").asLong()).isEqualTo(1);
        assertThat(org.get(metrics() + "?eventType=3").ok().data().path("items").path(0).path("name").asString())
                .isEqualTo("Buy Click");

        Map<String, Object> edit = metric("Checkout Completed", 1, 1);
        JsonNode updated = org.put(metrics() + "/" + custom.path("id").asString(), edit).ok().data();
        assertThat(updated.path("name").asString()).isEqualTo("Checkout Completed");
        assertThat(updated.path("customEventTrackOption").asInt()).isEqualTo(1);

        assertThat(org.put(metrics() + "/" + page.path("id").asString() + "/archive", null).ok().data().asBoolean()).isTrue();
        assertThat(org.get(metrics() + "?metricName=thanks").ok().data().path("totalCount").asLong()).isZero();
        // Archiving is idempotent; an archived metric is gone for editing.
        org.put(metrics() + "/" + page.path("id").asString() + "/archive", null).ok();
        assertThat(org.put(metrics() + "/" + page.path("id").asString(), edit).status()).isEqualTo(404);
        // Stored archived (FeatBit's isArvhived; the store suites check the column and field name).
        assertThat(storedMetrics.find(env, UUID.fromString(page.path("id").asString())).orElseThrow().isArvhived()).isTrue();
    }

    @Test
    void createIsIdempotentPerFlagAndMetric() {
        JsonNode flag = flag("one-live");
        JsonNode metric = org.post(metrics(), metric("One Live", 1, 1)).ok().data();
        Map<String, Object> body = Map.of("featureFlagId", flag.path("id").asString(),
                "metricId", metric.path("id").asString(), "baselineVariationId", FlagFixtures.TRUE_ID, "alpha", 0.1);
        JsonNode first = org.post(experiments(), body).ok().data();
        assertThat(first.path("status").asString()).isEqualTo("NotStarted");
        assertThat(first.path("alpha").asDouble()).isEqualTo(0.1);
        assertThat(first.path("iterations").size()).isZero();
        JsonNode second = org.post(experiments(), body).ok().data();
        assertThat(second.path("id").asString()).isEqualTo(first.path("id").asString());

        // The metric is in use until the experiment is archived.
        ApiClient.Response refused = org.put(metrics() + "/" + metric.path("id").asString() + "/archive", null);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.error()).isEqualTo("MetricIsBeingUsedByExperiment");
        org.delete(experiments() + "/" + first.path("id").asString()).ok();
        org.put(metrics() + "/" + metric.path("id").asString() + "/archive", null).ok();
    }

    @Test
    void concurrentCreatesMakeOneExperimentAndConcurrentStartsNeverLoseAnIteration() throws Exception {
        JsonNode flag = flag("race");
        JsonNode metric = org.post(metrics(), metric("Race", 1, 1)).ok().data();
        Map<String, Object> body = Map.of("featureFlagId", flag.path("id").asString(),
                "metricId", metric.path("id").asString(), "baseLineVariationId", FlagFixtures.TRUE_ID);
        List<String> ids;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<String>> futures = IntStream.range(0, 8)
                    .mapToObj(i -> pool.submit(() -> org.post(experiments(), body).ok().data().path("id").asString()))
                    .toList();
            ids = new java.util.ArrayList<>();
            for (var f : futures) {
                ids.add(f.get());
            }
        }
        assertThat(ids).containsOnly(ids.getFirst());
        assertThat(stored.listLive(env, Optional.of(UUID.fromString(flag.path("id").asString())))).hasSize(1);

        // Concurrent starts: each one either wins (200) or is told to retry (409); the stored iterations are
        // exactly the winners' and at most the last one is running.
        String id = ids.getFirst();
        List<ApiClient.Response> starts;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<ApiClient.Response>> futures = IntStream.range(0, 4)
                    .mapToObj(i -> pool.submit(() -> org.post(experiments() + "/" + id, null))).toList();
            starts = new java.util.ArrayList<>();
            for (var f : futures) {
                starts.add(f.get());
            }
        }
        assertThat(starts).allMatch(r -> r.status() == 200 || (r.status() == 409 && r.error().equals("Conflict")));
        long won = starts.stream().filter(r -> r.status() == 200).count();
        JsonNode stored = storedIterations(id);
        assertThat(stored.size()).isEqualTo((int) won);
        assertThat(stored.valueStream().filter(it -> it.path("endTime").isNull()).count()).isEqualTo(1);
        assertThat(starts.stream().filter(r -> r.status() == 200).map(r -> r.data().path("id").asString()))
                .containsExactlyInAnyOrderElementsOf(stored.valueStream().map(it -> it.path("id").asString()).toList());
    }

    @Test
    void lifecycleFetchesResultsFromTheDasAndStoresThem() {
        JsonNode experiment = newExperiment("checkout-button", "Checkout");
        String id = experiment.path("id").asString();
        String flagKey = "checkout-button";
        int before = das.requests.size();

        JsonNode first = org.post(experiments() + "/" + id, null).ok().data();
        assertThat(first.path("eventName").asString()).isEqualTo("checkout");
        assertThat(first.path("isFinish").asBoolean()).isFalse();
        assertThat(first.path("endTime").isNull()).isTrue();
        assertThat(das.requests.size()).isEqualTo(before); // nothing was running

        JsonNode listed = org.get(experiments() + "?featureFlagId=" + experiment.path("featureFlagId").asString()).ok()
                .data().path("items").path(0);
        assertThat(listed.path("status").asString()).isEqualTo("Recording");
        assertThat(listed.path("featureFlagKey").asString()).isEqualTo(flagKey);
        assertThat(listed.path("metricEventName").asString()).isEqualTo("checkout");
        assertThat(listed.path("baselineVariation").path("id").asString()).isEqualTo(FlagFixtures.FALSE_ID);
        assertThat(listed.path("variations").size()).isEqualTo(2);
        assertThat(listed.path("alpha").asDouble()).isEqualTo(0.05);

        // Refreshing a running iteration: no end goes to the DAS; results are stored.
        JsonNode refreshed = org.put(experiments() + "/iteration-results", List.of(Map.of("exptId", id,
                "iterationId", first.path("id").asString(), "startTime", 0, "eventName", "forged"))).ok().data().path(0);
        assertThat(refreshed.path("isUpdated").asBoolean()).isTrue();
        assertThat(refreshed.path("isFinish").asBoolean()).isFalse();
        assertThat(refreshed.path("results").size()).isEqualTo(2);
        JsonNode sent = das.last();
        long startMs = Instant.parse(first.path("startTime").asString()).toEpochMilli();
        assertThat(sent.path("startExptTime").asLong()).isEqualTo(startMs * 1000); // µs, from the stored iteration
        assertThat(sent.path("endExptTime").isNull()).isTrue();
        assertThat(sent.path("eventName").asString()).isEqualTo("checkout"); // not the request's "forged"
        assertThat(sent.path("flagExptId").asString()).isEqualTo(env + "-" + flagKey);
        assertThat(sent.path("envId").asString()).isEqualTo(env.toString());
        assertThat(sent.path("baselineVariationId").asString()).isEqualTo(FlagFixtures.FALSE_ID);
        assertThat(sent.path("variationIds").valueStream().map(JsonNode::asString))
                .containsExactly(FlagFixtures.TRUE_ID, FlagFixtures.FALSE_ID);
        assertThat(sent.path("eventType").asInt()).isEqualTo(1);
        assertThat(sent.path("customEventTrackOption").asInt()).isEqualTo(1);
        assertThat(sent.path("alpha").asDouble()).isEqualTo(0.05);

        // Starting again closes the running iteration with its final results.
        JsonNode second = org.post(experiments() + "/" + id, null).ok().data();
        assertThat(second.path("id").asString()).isNotEqualTo(first.path("id").asString());
        JsonNode closedRequest = das.last();
        assertThat(closedRequest.path("iterationId").asString()).isEqualTo(first.path("id").asString());
        assertThat(closedRequest.path("endExptTime").asLong()).isGreaterThan(startMs * 1000);
        JsonNode iterations = iterations(id);
        assertThat(iterations.size()).isEqualTo(2);
        JsonNode closed = iterations.get(0);
        assertThat(closed.path("isFinish").asBoolean()).isTrue();
        assertThat(closed.path("endTime").isNull()).isFalse();
        JsonNode winner = closed.path("results").valueStream().filter(r -> r.path("isWinner").asBoolean()).findFirst()
                .orElseThrow();
        assertThat(winner.path("effectSize").asString()).isEqualTo("0.5");
        assertThat(winner.path("probabilityToBeatBaseline").asString()).isEqualTo("0.99964");
        assertThat(winner.path("confidenceInterval").valueStream().map(JsonNode::asString))
                .containsExactly("0.14373", "0.85627");

        // Stop: paused, everything finished; stopping again changes nothing.
        org.put(experiments() + "/" + id, null).ok();
        assertThat(status(id)).isEqualTo("Paused");
        assertThat(iterations(id).valueStream().allMatch(i -> i.path("isFinish").asBoolean())).isTrue();
        int requests = das.requests.size();
        org.put(experiments() + "/" + id, null).ok();
        assertThat(das.requests.size()).isEqualTo(requests);

        // Status counts of the environment's live experiments.
        JsonNode counts = org.get(experiments() + "/status-count").ok().data();
        assertThat(counts.valueStream().anyMatch(c -> c.path("status").asString().equals("Paused")
                && c.path("count").asLong() >= 1)).isTrue();

        // Variation references: the baseline is referenced, the other variation is not.
        String refs = experiments() + "/variation-experiment-references?flagId=" + experiment.path("featureFlagId").asString();
        assertThat(org.get(refs + "&variationId=" + FlagFixtures.FALSE_ID).ok().data().size()).isEqualTo(1);
        assertThat(org.get(refs + "&variationId=" + FlagFixtures.TRUE_ID).ok().data().size()).isZero();

        // Remove data: iterations archived and hidden, NotStarted again.
        org.delete(experiments() + "/" + id + "/iterations").ok();
        assertThat(status(id)).isEqualTo("NotStarted");
        assertThat(listedExperiment(id).path("iterations").size()).isZero();
        assertThat(storedIterations(id).valueStream().allMatch(i -> i.path("isArchived").asBoolean())).isTrue();

        // Archive: gone from lists, lifecycle calls 404, archiving again is fine.
        org.post(experiments() + "/" + id, null).ok();
        org.delete(experiments() + "/" + id).ok();
        assertThat(org.get(experiments()).ok().data().path("items").valueStream()
                .noneMatch(e -> e.path("id").asString().equals(id))).isTrue();
        assertThat(storedIterations(id).valueStream().allMatch(i -> i.path("isFinish").asBoolean())).isTrue();
        assertThat(org.post(experiments() + "/" + id, null).status()).isEqualTo(404);
        org.delete(experiments() + "/" + id).ok();
    }

    @Test
    void aFailingDasKeepsTheStoredResultsAndStillStops() {
        JsonNode experiment = newExperiment("das-down", "Das Down");
        String id = experiment.path("id").asString();
        JsonNode it = org.post(experiments() + "/" + id, null).ok().data();
        das.failing = true;
        try {
            JsonNode r = org.put(experiments() + "/iteration-results",
                    List.of(Map.of("exptId", id, "iterationId", it.path("id").asString()))).ok().data().path(0);
            assertThat(r.path("isUpdated").asBoolean()).isFalse();
            assertThat(r.path("results").size()).isZero();
            org.put(experiments() + "/" + id, null).ok();
            assertThat(status(id)).isEqualTo("Paused");
            assertThat(iterations(id).path(0).path("isFinish").asBoolean()).isTrue();
        } finally {
            das.failing = false;
        }
        // Unknown experiments and iterations are skipped, as FeatBit does.
        JsonNode none = org.put(experiments() + "/iteration-results", List.of(
                Map.of("exptId", UUID.randomUUID().toString(), "iterationId", "x"),
                Map.of("exptId", id, "iterationId", "no-such-iteration"))).ok().data();
        assertThat(none.size()).isZero();
    }

    @Test
    void anIterationEndedThreeDaysAgoIsLocked() {
        JsonNode experiment = newExperiment("locked", "Locked");
        String id = experiment.path("id").asString();
        JsonNode it = org.post(experiments() + "/" + id, null).ok().data();
        org.put(experiments() + "/" + id, null).ok();
        // Move the iteration's end four days back, as if it had ended then.
        JsonNode stored = storedIterations(id);
        ObjectNode first = (ObjectNode) stored.get(0);
        first.put("endTime", Instant.now().minus(4, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        Experiment before = ExperimentApiTest.stored.find(env, UUID.fromString(id)).orElseThrow();
        List<ExperimentIteration> moved = Json.mapper().convertValue(stored, new TypeReference<List<ExperimentIteration>>() { });
        assertThat(ExperimentApiTest.stored.update(before.with(before.status(), before.isArchived(), moved,
                before.updatedAt().plusMillis(1)), before)).isTrue();
        int requests = das.requests.size();
        JsonNode r = org.put(experiments() + "/iteration-results",
                List.of(Map.of("exptId", id, "iterationId", it.path("id").asString()))).ok().data().path(0);
        assertThat(r.path("isUpdated").asBoolean()).isFalse();
        assertThat(r.path("isFinish").asBoolean()).isTrue();
        assertThat(r.path("results").size()).isEqualTo(2);
        assertThat(das.requests.size()).isEqualTo(requests);
    }

    @Test
    void anExperimentWrittenByFeatBitIsReadAndStopped() {
        JsonNode flag = flag("featbit-written");
        String metricId = org.post(metrics(), metric("From FeatBit", 1, 1)).ok().data().path("id").asString();
        UUID id = UUID.randomUUID();
        insertAsFeatBit(id, UUID.fromString(metricId), UUID.fromString(flag.path("id").asString()));
        JsonNode listed = listedExperiment(id.toString());
        assertThat(listed.path("alpha").asDouble()).isEqualTo(0.05); // null alpha → FeatBit's default
        assertThat(Instant.parse(listed.path("iterations").path(0).path("startTime").asString()))
                .isEqualTo(Instant.parse(mongo != null ? "2026-01-02T03:04:05.123Z" : "2026-01-02T03:04:05.1234567Z"));

        org.put(experiments() + "/" + id, null).ok();
        JsonNode sent = das.last();
        assertThat(sent.path("startExptTime").asLong()).isEqualTo(1767323045123L * 1000);
        assertThat(sent.path("customEventSuccessCriteria").asInt()).isEqualTo(2);
        assertThat(sent.path("eventName").asString()).isEqualTo("from-featbit");
        assertThat(status(id.toString())).isEqualTo("Paused");
        assertThat(iterations(id.toString()).path(0).path("results").size()).isEqualTo(2);
    }

    /**
     * An experiment as FeatBit writes it: on PostgreSQL .NET's JSON (7 fraction digits, nulls written, an unused
     * field we do not know); on MongoDB its driver's document (iterations with _id, BSON dates, nulls, the same
     * unknown field); alpha null in both.
     */
    static void insertAsFeatBit(UUID id, UUID metricId, UUID flagId) {
        if (mongo != null) {
            Date now = new Date();
            Document iteration = new Document("_id", "it-1").append("startTime", Date.from(Instant.parse("2026-01-02T03:04:05.123Z")))
                    .append("endTime", null).append("updatedAt", null).append("isArchived", false).append("eventType", 1)
                    .append("eventName", "from-featbit").append("customEventTrackOption", 1).append("customEventUnit", null)
                    .append("customEventSuccessCriteria", 2).append("results", null).append("isFinish", false)
                    .append("somethingNew", 1);
            mongoDb.getCollection("Experiments").insertOne(new Document("_id", id).append("envId", env)
                    .append("metricId", metricId).append("featureFlagId", flagId).append("isArchived", false)
                    .append("status", "Recording").append("baselineVariationId", FlagFixtures.TRUE_ID)
                    .append("iterations", List.of(iteration)).append("alpha", null).append("createdAt", now)
                    .append("updatedAt", now));
            return;
        }
        String iterations = """
                [{"id":"it-1","startTime":"2026-01-02T03:04:05.1234567Z","endTime":null,"updatedAt":null,
                  "isArchived":false,"eventType":1,"eventName":"from-featbit","customEventTrackOption":1,
                  "customEventUnit":null,"customEventSuccessCriteria":2,"results":null,"isFinish":false,
                  "somethingNew":1}]""";
        db.jdbc().sql("""
                insert into experiments (id, env_id, metric_id, feature_flag_id, is_archived, status,
                    baseline_variation_id, iterations, alpha, created_at, updated_at)
                values (:id, :env, :metric, :flag, false, 'Recording', :baseline, cast(:it as jsonb), null,
                    now(), now())""")
                .param("id", id).param("env", env).param("metric", metricId).param("flag", flagId)
                .param("baseline", FlagFixtures.TRUE_ID).param("it", iterations).update();
    }

    @Test
    void numericMetricOptionsTravelWithTheIteration() {
        JsonNode flag = flag("price");
        JsonNode metric = org.post(metrics(), metric("Revenue", 1, 2)).ok().data();
        String id = org.post(experiments(), Map.of("featureFlagId", flag.path("id").asString(), "metricId",
                metric.path("id").asString(), "baseLineVariationId", FlagFixtures.TRUE_ID)).ok().data().path("id").asString();
        JsonNode it = org.post(experiments() + "/" + id, null).ok().data();
        assertThat(it.path("customEventTrackOption").asInt()).isEqualTo(2);
        assertThat(it.path("customEventUnit").asString()).isEqualTo("USD");
        // Editing the metric later does not change what the running iteration measures.
        Map<String, Object> edit = metric("Revenue", 1, 1);
        edit.put("eventName", "renamed");
        org.put(metrics() + "/" + metric.path("id").asString(), edit).ok();
        org.put(experiments() + "/iteration-results", List.of(Map.of("exptId", id, "iterationId", it.path("id").asString()))).ok();
        assertThat(das.last().path("eventName").asString()).isEqualTo("revenue");
        assertThat(das.last().path("customEventTrackOption").asInt()).isEqualTo(2);
        assertThat(das.last().path("customEventUnit").asString()).isEqualTo("USD");
    }

    // ---- bad input ----

    record Case(String name, Function<ApiClient, ApiClient> as, String method, String path, Object body, int status,
                String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Raw(String text) {
    }

    static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }

    static Stream<Case> badInput() {
        Fixture f = fixture();
        String ms = metrics();
        String xs = experiments();
        Function<ApiClient, ApiClient> self = c -> c;
        Map<String, Object> m = metric("Bad", 1, 1);
        Map<String, Object> e = Map.of("featureFlagId", f.flagId, "metricId", f.metricId,
                "baseLineVariationId", FlagFixtures.TRUE_ID);
        String longName = "x".repeat(129);
        List<Case> c = new java.util.ArrayList<>();
        c.add(new Case("metric malformed JSON", self, "POST", ms, new Raw("{bad"), 400, "body_is_invalid"));
        c.add(new Case("metric without name", self, "POST", ms, with(m, "name", null), 400, "name_is_required"));
        c.add(new Case("metric name too long", self, "POST", ms, with(m, "name", longName), 400, "name_is_invalid"));
        c.add(new Case("metric without event name", self, "POST", ms, with(m, "eventName", null), 400, "eventName_is_required"));
        c.add(new Case("metric event type 7", self, "POST", ms, with(m, "eventType", 7), 400, "eventType_is_invalid"));
        c.add(new Case("metric event type text", self, "POST", ms, with(m, "eventType", "x"), 400, "eventType_is_invalid"));
        c.add(new Case("metric without event type", self, "POST", ms, with(m, "eventType", null), 400, "eventType_is_required"));
        c.add(new Case("metric without maintainer", self, "POST", ms, with(m, "maintainerUserId", null), 400, "maintainerUserId_is_required"));
        c.add(new Case("metric maintainer not a member", self, "POST", ms, with(m, "maintainerUserId", UUID.randomUUID().toString()), 400, "maintainerUserId_is_invalid"));
        c.add(new Case("metric maintainer not a uuid", self, "POST", ms, with(m, "maintainerUserId", "me"), 400, "maintainerUserId_is_invalid"));
        c.add(new Case("metric track option 3", self, "POST", ms, with(m, "customEventTrackOption", 3), 400, "customEventTrackOption_is_invalid"));
        c.add(new Case("metric success criteria -1", self, "POST", ms, with(m, "customEventSuccessCriteria", -1), 400, "customEventSuccessCriteria_is_invalid"));
        c.add(new Case("metric unit too long", self, "POST", ms, with(m, "customEventUnit", longName), 400, "customEventUnit_is_invalid"));
        c.add(new Case("metric blank target url", self, "POST", ms, with(m, "targetUrls", List.of(Map.of("matchType", 1, "url", " "))), 400, "targetUrls_is_invalid"));
        c.add(new Case("metric target url match type 2", self, "POST", ms, with(m, "targetUrls", List.of(Map.of("matchType", 2, "url", "/a"))), 400, "targetUrls_is_invalid"));
        c.add(new Case("metric update unknown id", self, "PUT", ms + "/" + UUID.randomUUID(), m, 404, "ResourceNotFound"));
        c.add(new Case("metric update of another org", self, "PUT", ms + "/" + f.otherMetricId, m, 404, "ResourceNotFound"));
        c.add(new Case("metric update id not a uuid", self, "PUT", ms + "/abc", m, 404, "ResourceNotFound"));
        c.add(new Case("metric update invalid body", self, "PUT", ms + "/" + f.metricId, with(m, "name", ""), 400, "name_is_required"));
        c.add(new Case("metric archive unknown id", self, "PUT", ms + "/" + UUID.randomUUID() + "/archive", null, 404, "ResourceNotFound"));
        c.add(new Case("metric archive in use", self, "PUT", ms + "/" + f.metricId + "/archive", null, 422, "MetricIsBeingUsedByExperiment"));
        c.add(new Case("metric list page size 5000", self, "GET", ms + "?pageSize=5000", null, 400, "pageSize_is_invalid"));
        c.add(new Case("metric list event type text", self, "GET", ms + "?eventType=abc", null, 400, "eventType_is_invalid"));
        c.add(new Case("metrics of another org's env", self, "GET", "envs/" + f.otherEnv + "/experiment-metrics", null, 404, "ResourceNotFound"));
        c.add(new Case("experiment malformed JSON", self, "POST", xs, new Raw("[}"), 400, "body_is_invalid"));
        c.add(new Case("experiment without flag", self, "POST", xs, with(e, "featureFlagId", null), 400, "featureFlagId_is_required"));
        c.add(new Case("experiment flag not a uuid", self, "POST", xs, with(e, "featureFlagId", "abc"), 400, "featureFlagId_is_invalid"));
        c.add(new Case("experiment unknown flag", self, "POST", xs, with(e, "featureFlagId", UUID.randomUUID().toString()), 400, "featureFlagId_is_invalid"));
        c.add(new Case("experiment flag of another env", self, "POST", xs, with(e, "featureFlagId", f.prodFlagId), 400, "featureFlagId_is_invalid"));
        c.add(new Case("experiment without metric", self, "POST", xs, with(e, "metricId", null), 400, "metricId_is_required"));
        c.add(new Case("experiment metric of another org", self, "POST", xs, with(e, "metricId", f.otherMetricId), 400, "metricId_is_invalid"));
        c.add(new Case("experiment archived metric", self, "POST", xs, with(e, "metricId", f.archivedMetricId), 400, "metricId_is_invalid"));
        c.add(new Case("experiment without baseline", self, "POST", xs, with(e, "baseLineVariationId", null), 400, "baseLineVariationId_is_required"));
        c.add(new Case("experiment baseline not a variation", self, "POST", xs, with(e, "baseLineVariationId", "nope"), 400, "baseLineVariationId_is_invalid"));
        c.add(new Case("experiment alpha 1.5", self, "POST", xs, with(e, "alpha", 1.5), 400, "alpha_is_invalid"));
        c.add(new Case("experiment alpha 0", self, "POST", xs, with(e, "alpha", 0), 400, "alpha_is_invalid"));
        c.add(new Case("experiment list page size 5000", self, "GET", xs + "?pageSize=5000", null, 400, "pageSize_is_invalid"));
        c.add(new Case("experiment list flag id not a uuid", self, "GET", xs + "?featureFlagId=abc", null, 400, "featureFlagId_is_invalid"));
        c.add(new Case("references without flag", self, "GET", xs + "/variation-experiment-references?variationId=v", null, 400, "featureFlagId_is_required"));
        c.add(new Case("references without variation", self, "GET", xs + "/variation-experiment-references?flagId=" + f.flagId, null, 400, "variationId_is_required"));
        c.add(new Case("start unknown experiment", self, "POST", xs + "/" + UUID.randomUUID(), null, 404, "ResourceNotFound"));
        c.add(new Case("start experiment id not a uuid", self, "POST", xs + "/abc", null, 404, "ResourceNotFound"));
        c.add(new Case("start in another org's env", self, "POST", "envs/" + f.otherEnv + "/experiments/" + f.experimentId, null, 404, "ResourceNotFound"));
        c.add(new Case("stop unknown experiment", self, "PUT", xs + "/" + UUID.randomUUID(), null, 404, "ResourceNotFound"));
        c.add(new Case("remove data of unknown experiment", self, "DELETE", xs + "/" + UUID.randomUUID() + "/iterations", null, 404, "ResourceNotFound"));
        c.add(new Case("archive unknown experiment", self, "DELETE", xs + "/" + UUID.randomUUID(), null, 404, "ResourceNotFound"));
        c.add(new Case("results body not a list", self, "PUT", xs + "/iteration-results", Map.of("exptId", f.experimentId), 400, "body_is_invalid"));
        c.add(new Case("results too many items", self, "PUT", xs + "/iteration-results", IntStream.range(0, 101)
                .mapToObj(i -> Map.of("exptId", f.experimentId, "iterationId", "i" + i)).toList(), 400, "body_is_invalid"));
        c.add(new Case("results without experiment id", self, "PUT", xs + "/iteration-results", List.of(Map.of("iterationId", "i")), 400, "exptId_is_required"));
        c.add(new Case("results without iteration id", self, "PUT", xs + "/iteration-results", List.of(Map.of("exptId", f.experimentId)), 400, "iterationId_is_required"));
        c.add(new Case("results experiment id not a uuid", self, "PUT", xs + "/iteration-results", List.of(Map.of("exptId", "x", "iterationId", "i")), 400, "exptId_is_invalid"));
        // Not Open API actions (as in FeatBit): an access token cannot reach them, whatever its permissions.
        c.add(new Case("access token lists experiments", a -> a.withAccessToken(f.token), "GET", xs, null, 403, "Forbidden"));
        c.add(new Case("access token creates a metric", a -> a.withAccessToken(f.token), "POST", ms, m, 403, "Forbidden"));
        c.add(new Case("no credentials", ApiClient::withoutAuth, "GET", xs, null, 401, "Unauthorized"));
        c.add(new Case("forged jwt", a -> a.withAuthorization("Bearer abc.def.ghi"), "POST", ms, m, 401, "Unauthorized"));
        return c.stream();
    }

    record Fixture(String flagId, String prodFlagId, String metricId, String archivedMetricId, String otherMetricId,
                   UUID otherEnv, String experimentId, String token) {
    }

    private static Fixture fixture;

    static synchronized Fixture fixture() {
        if (fixture == null) {
            String flagId = flag("bad-input").path("id").asString();
            JsonNode prodFlag = FlagFixtures.create(org, prodEnv(), "bad-input-prod").data();
            String metricId = org.post(metrics(), metric("Bad Input", 1, 1)).ok().data().path("id").asString();
            String archived = org.post(metrics(), metric("Archived", 1, 1)).ok().data().path("id").asString();
            org.put(metrics() + "/" + archived + "/archive", null).ok();
            ApiClient other = newOrganization(server.seededUser());
            UUID otherEnv = devEnv(other);
            Map<String, Object> theirMetric = metric("Theirs", 1, 1);
            String otherMetric = other.post("envs/" + otherEnv + "/experiment-metrics", theirMetric).ok().data()
                    .path("id").asString();
            String experimentId = org.post(experiments(), Map.of("featureFlagId", flagId, "metricId", metricId,
                    "baseLineVariationId", FlagFixtures.TRUE_ID)).ok().data().path("id").asString();
            String token = org.post("access-tokens", Map.of("name", "expt-bot", "type", "Service", "permissions",
                    List.of(Map.of("id", "1", "resourceType", "*", "effect", "allow", "actions", List.of("*"),
                            "resources", List.of("*"))))).ok().data().path("token").asString();
            fixture = new Fixture(flagId, prodFlag.path("id").asString(), metricId, archived, otherMetric, otherEnv,
                    experimentId, token);
        }
        return fixture;
    }

    static UUID prodEnv() {
        return prodOf.get(env);
    }

    /** Everything stored in both tables (collections), to show a refused request changed nothing. */
    static String checksum() {
        if (mongo != null) {
            StringBuilder all = new StringBuilder();
            for (String collection : List.of("Experiments", "ExperimentMetrics")) {
                for (Document d : mongoDb.getCollection(collection).find().sort(Sorts.ascending("_id"))) {
                    all.append(d.toJson()).append('\n');
                }
            }
            return Integer.toHexString(all.toString().hashCode()) + ":" + all.length();
        }
        return db.jdbc().sql("""
                select coalesce((select md5(string_agg(t::text, ',' order by t.id)) from experiments t), '')
                    || coalesce((select md5(string_agg(m::text, ',' order by m.id)) from experiment_metrics m), '')""")
                .query(String.class).single();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsA4xxWithACodeAndChangesNothing(Case c) {
        String before = checksum();
        ApiClient client = c.as().apply(org);
        ApiClient.Response r = switch (c.method()) {
            case "GET" -> client.get(c.path());
            case "DELETE" -> client.delete(c.path());
            default -> c.body() instanceof Raw raw ? client.raw(c.method(), c.path(), raw.text(), "application/json")
                    : c.method().equals("POST") ? client.post(c.path(), c.body()) : client.put(c.path(), c.body());
        };
        assertThat(r.status()).as(r.text()).isEqualTo(c.status());
        assertThat(r.success()).isFalse();
        assertThat(r.error()).as(r.text()).isEqualTo(c.code());
        assertThat(checksum()).isEqualTo(before);
    }

    static String status(String id) {
        return listedExperiment(id).path("status").asString();
    }

    static JsonNode listedExperiment(String id) {
        return org.get(experiments() + "?pageSize=-1").ok().data().path("items").valueStream()
                .filter(e -> e.path("id").asString().equals(id)).findFirst().orElseThrow();
    }

    static JsonNode iterations(String id) {
        return listedExperiment(id).path("iterations");
    }

    static JsonNode storedIterations(String id) {
        return Json.mapper().valueToTree(stored.find(env, UUID.fromString(id)).orElseThrow().iterations());
    }
}
