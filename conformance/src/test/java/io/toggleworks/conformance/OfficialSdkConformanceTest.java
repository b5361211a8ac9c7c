package io.toggleworks.conformance;

import io.toggleworks.core.evaluation.EvaluationResult;
import io.toggleworks.core.evaluation.Evaluator;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.Segment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official FeatBit SDKs from npm, unmodified, against our API and Evaluation Server (issue 4, item 9):
 * {@code @featbit/node-server-sdk} (evaluates locally from the flags and segments the ELS syncs) and
 * {@code @featbit/js-client-sdk} (receives the values the ELS evaluated for its user), each streaming and polling. All must agree
 * with our {@link Evaluator} on the flag documents the API returns, follow changes made through the API, report
 * insights that end up in the {@code events} table, and resync after the ELS restarts.
 *
 * <p>One platform, one project and one corpus serve the whole class; the tests run in order and each recomputes
 * what it expects from the API's current documents, so a later test does not depend on an earlier one passing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfficialSdkConformanceTest {
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Duration CALL = Duration.ofSeconds(60);
    /** How long a change may take to reach an SDK on this shared, loaded machine; never a timing assertion. */
    private static final Duration PROPAGATION = Duration.ofSeconds(120);

    private final Evaluator evaluator = new Evaluator();
    private ConformanceDatabase database;
    private RunningPlatform platform;
    private PlatformApi api;
    private String envId;
    private String serverSecret;
    private String clientSecret;
    /** The project's other environment: its secrets must not read this environment's flags. */
    private JsonNode otherEnvironment;
    private Corpus corpus;
    private NodeScript serverSdk;
    private NodeScript clientSdk;
    private NodeScript serverSdkPolling;
    private NodeScript clientSdkPolling;
    /** Every SDK instance under test; live changes must reach all of them. */
    private final List<Sdk> sdks = new ArrayList<>();

    /**
     * One driver process: a server SDK (one instance, evaluates for any user) or client SDKs (one per user).
     * {@code recoversFromOutage} is false for the js-client-sdk in polling mode: version 4.2.15 stops polling for good
     * when a request fails without an HTTP status (connection refused), whatever server it talks to.
     */
    private record Sdk(String name, NodeScript script, boolean serverSide, List<Corpus.User> users, boolean recoversFromOutage) {
    }

    @BeforeAll
    void startPlatformAndSdks() throws Exception {
        NodeScript.requireNode();
        database = ConformanceDatabase.create();
        platform = RunningPlatform.start(database);
        api = PlatformApi.signIn(platform.apiUrl());

        String key = "conformance-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode project = api.post("projects", Map.of("name", key, "key", key));
        JsonNode env = project.path("environments").path(0);
        envId = env.path("id").asString();
        for (JsonNode secret : env.path("secrets")) {
            if (secret.path("type").asString().equals("server")) {
                serverSecret = secret.path("value").asString();
            } else if (secret.path("type").asString().equals("client")) {
                clientSecret = secret.path("value").asString();
            }
        }
        assertThat(serverSecret).as("server secret of %s", env).isNotBlank();
        assertThat(clientSecret).as("client secret of %s", env).isNotBlank();
        otherEnvironment = project.path("environments").path(1);

        corpus = new Corpus(api, envId);
        corpus.createUsers();
        corpus.createSegments();
        corpus.createFlags();

        Map<String, String> polling = Map.of("FB_MODE", "polling", "FB_POLLING_URL", platform.elsHttpUrl(), "FB_POLLING_INTERVAL", "1000");
        // Polling client SDKs poll once a second per user: a few users are enough to cover the endpoint.
        List<Corpus.User> pollingUsers = corpus.users.subList(0, 8);
        serverSdk = NodeScript.start("server-sdk-driver.js", sdkEnv(serverSecret, Map.of()));
        sdks.add(new Sdk("node-server-sdk (streaming)", serverSdk, true, corpus.users, true));
        clientSdk = NodeScript.start("client-sdk-driver.js", sdkEnv(clientSecret, Map.of("FB_USERS", usersJson(corpus.users))));
        sdks.add(new Sdk("js-client-sdk (streaming)", clientSdk, false, corpus.users, true));
        serverSdkPolling = NodeScript.start("server-sdk-driver.js", sdkEnv(serverSecret, polling));
        sdks.add(new Sdk("node-server-sdk (polling)", serverSdkPolling, true, corpus.users, true));
        Map<String, String> clientPolling = new LinkedHashMap<>(polling);
        clientPolling.put("FB_USERS", usersJson(pollingUsers));
        clientSdkPolling = NodeScript.start("client-sdk-driver.js", sdkEnv(clientSecret, clientPolling));
        sdks.add(new Sdk("js-client-sdk (polling)", clientSdkPolling, false, pollingUsers, false));
        for (Sdk sdk : sdks) {
            sdk.script().awaitEvent("ready", READY);
        }
    }

    private static String usersJson(List<Corpus.User> users) {
        return Json.write(users.stream().map(Corpus.User::toJson).toList());
    }

    private Map<String, String> sdkEnv(String secret, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(extra);
        env.put("FB_SECRET", secret);
        env.put("FB_STREAMING_URL", platform.elsWebSocketUrl());
        env.put("FB_EVENTS_URL", platform.elsHttpUrl());
        return env;
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[]{serverSdk, clientSdk, serverSdkPolling, clientSdkPolling, platform, database}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("[conformance] while stopping: " + e);
                }
            }
        }
    }

    // ---- 1. initial sync: every flag x every user ----

    @Test
    @Order(1)
    void nodeServerSdkEvaluatesEveryFlagForEveryUserAsOurEvaluator() throws Exception {
        Map<String, Map<String, EvaluationResult>> expected = expected();
        assertCorpusIsDiscriminating(expected);
        for (Sdk sdk : sdks.stream().filter(Sdk::serverSide).toList()) {
            assertThat(mismatches(sdk, expected)).as("%s vs our evaluator (%d flags x %d users)", sdk.name(), corpus.flagKeys.size(),
                    sdk.users().size()).isEmpty();
        }
    }

    @Test
    @Order(2)
    void jsClientSdkReceivesOurEvaluatorsValueForEveryFlagAndUser() throws Exception {
        Map<String, Map<String, EvaluationResult>> expected = expected();
        for (Sdk sdk : sdks.stream().filter(s -> !s.serverSide()).toList()) {
            assertThat(mismatches(sdk, expected)).as("%s vs our evaluator (%d flags x %d users)", sdk.name(), corpus.flagKeys.size(),
                    sdk.users().size()).isEmpty();
        }
    }

    @Test
    @Order(3)
    void anotherEnvironmentsSecretsReadNoneOfThisEnvironmentsFlags() throws Exception {
        assertThat(otherEnvironment.path("id").asString()).isNotBlank().isNotEqualTo(envId);
        for (JsonNode secret : otherEnvironment.path("secrets")) {
            boolean server = secret.path("type").asString().equals("server");
            List<Corpus.User> users = corpus.users.subList(0, 2);
            Map<String, String> env = new LinkedHashMap<>(Map.of("FB_USERS", usersJson(users)));
            try (NodeScript sdk = NodeScript.start(server ? "server-sdk-driver.js" : "client-sdk-driver.js",
                    sdkEnv(secret.path("value").asString(), env))) {
                sdk.awaitEvent("ready", READY);
                ObjectNode all = NodeScript.command("all");
                all.set("users", Json.mapper().valueToTree(users.stream().map(Corpus.User::toJson).toList()));
                JsonNode results = sdk.call(all, CALL).path("results");
                for (Corpus.User u : users) {
                    assertThat(results.path(u.keyId()).isObject()).as("%s secret: result for %s", secret.path("type").asString(), u.keyId()).isTrue();
                    assertThat(results.path(u.keyId()).size()).as("%s secret of the other environment sees flags: %s",
                            secret.path("type").asString(), results).isZero();
                }
            }
        }
    }

    @Test
    @Order(4)
    void jsClientSdkIdentifyingAnotherUserGetsThatUsersValues() throws Exception {
        Corpus.User alice = corpus.users.getFirst();
        // Not in the corpus: an adult corp user in Germany, in the europe segment by its rule.
        Corpus.User zoe = Corpus.user("identified-zoe", "Zoe", "52", "DE", "zoe@corp.io", "enterprise", "true", "silver");
        try (NodeScript sdk = NodeScript.start("client-sdk-driver.js", sdkEnv(clientSecret, Map.of("FB_USERS", usersJson(List.of(alice)))))) {
            sdk.awaitEvent("ready", READY);
            Sdk asAlice = new Sdk("js-client-sdk (before identify)", sdk, false, List.of(alice), true);
            assertThat(mismatches(asAlice, expected(List.of(alice)))).isEmpty();
            ObjectNode identify = NodeScript.command("identify");
            identify.put("fromKeyId", alice.keyId());
            identify.set("user", Json.mapper().valueToTree(zoe.toJson()));
            sdk.call(identify, CALL);
            Sdk asZoe = new Sdk("js-client-sdk (after identify)", sdk, false, List.of(zoe), true);
            awaitSdksMatchOurEvaluator("identify", List.of(asZoe), () -> expected(List.of(zoe)));
        }
    }

    // ---- 2. live changes through the API ----

    @Test
    @Order(5)
    void aFlagToggledThroughTheApiReachesEverySdk() throws Exception {
        api.put("envs/" + envId + "/feature-flags/live-flag/toggle/false", Map.of("comment", "conformance: off"));
        awaitAllSdksMatchOurEvaluator("live-flag toggled off");
        assertThat(expected().get("user-bob").get("live-flag").variation().map(Variation::value)).contains("red");

        api.put("envs/" + envId + "/feature-flags/live-flag/toggle/true", Map.of("comment", "conformance: on"));
        awaitAllSdksMatchOurEvaluator("live-flag toggled on");
        assertThat(expected().get("user-bob").get("live-flag").variation().map(Variation::value)).contains("blue");
    }

    @Test
    @Order(6)
    void aFlagRetargetedThroughTheApiReachesEverySdk() throws Exception {
        FeatureFlag live = corpus.flag("live-flag");
        String blue = live.variations().get(0).id();
        String green = live.variations().get(1).id();
        String red = live.variations().get(2).id();
        corpus.targeting("live-flag",
                List.of(Corpus.target(List.of("user-alice"), green)),
                List.of(Corpus.rule("corp mail", null, List.of(Corpus.condition("email", "EndsWith", "@corp.io")), Corpus.all(red))),
                Corpus.fallthrough("country", List.of(Corpus.rollout(blue, 0, 0.5), Corpus.rollout(green, 0.5, 1))));
        awaitAllSdksMatchOurEvaluator("live-flag retargeted");
        Map<String, Map<String, EvaluationResult>> expected = expected();
        assertThat(expected.get("user-alice").get("live-flag").matchReason()).isEqualTo(EvaluationResult.TARGETED);
        assertThat(expected.get("user-bob").get("live-flag").variation().map(Variation::value)).contains("red");
    }

    @Test
    @Order(7)
    void aSegmentChangedThroughTheApiReachesEverySdk() throws Exception {
        String europe = corpus.segmentIds.get("europe");
        EvaluationResult before = expected().get("user-alice").get("segment-in");
        // Alice moves from excluded to included: every flag using the segment changes for her.
        api.put("envs/" + envId + "/segments/" + europe + "/targeting", Map.of(
                "included", List.of("user-bob", "user-alice"), "excluded", List.of("user-erin"),
                "rules", Json.read(Json.write(corpus.segments().get(europe).rules()), List.class), "comment", "conformance"));
        awaitAllSdksMatchOurEvaluator("segment europe changed");
        EvaluationResult after = expected().get("user-alice").get("segment-in");
        assertThat(after.variation()).isNotEqualTo(before.variation());
    }

    // ---- 3. insights ----

    @Test
    @Order(8)
    void evaluationsReportedByTheSdksLandInTheEventsTable() throws Exception {
        Map<String, Map<String, EvaluationResult>> expected = expected();
        List<String> flags = List.of("op-equal", "string-multi-rule", "number-rollout", "json-config");
        Corpus.User bob = user("user-bob");
        Corpus.User carol = user("user-carol");
        ObjectNode serverEval = NodeScript.command("evaluate");
        serverEval.set("user", Json.mapper().valueToTree(bob.toJson()));
        serverEval.set("flagKeys", Json.mapper().valueToTree(flags));
        serverSdk.call(serverEval, CALL);
        ObjectNode clientEval = NodeScript.command("evaluate");
        clientEval.set("user", Json.mapper().valueToTree(carol.toJson()));
        clientEval.set("flagKeys", Json.mapper().valueToTree(flags));
        clientSdk.call(clientEval, CALL);
        String metric = "conformance-checkout-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode serverTrack = NodeScript.command("track");
        serverTrack.set("user", Json.mapper().valueToTree(bob.toJson()));
        serverTrack.put("eventName", metric);
        serverTrack.put("value", 12.5);
        serverSdk.call(serverTrack, CALL);
        ObjectNode clientTrack = NodeScript.command("track");
        clientTrack.set("user", Json.mapper().valueToTree(carol.toJson()));
        clientTrack.put("eventName", metric);
        clientTrack.put("value", 3);
        clientSdk.call(clientTrack, CALL);
        assertThat(serverSdk.call(NodeScript.command("flush"), CALL).path("flushed").asBoolean()).as("server SDK flush").isTrue();
        assertThat(clientSdk.call(NodeScript.command("flush"), CALL).path("flushed").asBoolean()).as("client SDK flush").isTrue();

        for (String flag : flags) {
            for (Corpus.User u : List.of(bob, carol)) {
                EvaluationResult result = expected.get(u.keyId()).get(flag);
                String variationId = result.variation().orElseThrow().id();
                String experiment = String.valueOf(result.sendToExperiment());
                awaitCondition("FlagValue event for " + flag + " / " + u.keyId(), () -> !database.column("""
                        select id::text from events
                        where event = 'FlagValue' and distinct_id = ? and env_id = ?
                          and properties->>'tag_0' = ? and properties->>'tag_1' = ? and properties->>'tag_2' = ?""",
                        envId + "-" + flag, envId, u.keyId(), variationId, experiment).isEmpty());
            }
        }
        for (Corpus.User u : List.of(bob, carol)) {
            awaitCondition("CustomEvent " + metric + " for " + u.keyId(), () -> !database.column("""
                    select id::text from events
                    where event = 'CustomEvent' and distinct_id = ? and env_id = ? and properties->>'tag_0' = ?""",
                    metric, envId, u.keyId()).isEmpty());
        }
    }

    // ---- 4. resync after the Evaluation Server restarts ----

    @Test
    @Order(9)
    void sdksResyncAChangeMadeWhileTheEvaluationServerWasDown() throws Exception {
        awaitAllSdksMatchOurEvaluator("before the restart");
        platform.stopEvaluationServer();
        try {
            api.put("envs/" + envId + "/feature-flags/live-flag/toggle/false", Map.of("comment", "conformance: off while ELS down"));
            corpus.targeting("op-equal", List.of(), List.of(Corpus.rule("rule op-equal", null,
                            List.of(Corpus.condition("country", "Equal", "DE")), Corpus.all(corpus.flag("op-equal").variations().get(0).id()))),
                    Corpus.fallthrough(null, Corpus.all(corpus.flag("op-equal").variations().get(1).id())));
        } finally {
            platform.restartEvaluationServer();
        }
        assertThat(expected().get("user-bob").get("live-flag").variation().map(Variation::value)).contains("red");
        awaitSdksMatchOurEvaluator("after the ELS restart", sdks.stream().filter(Sdk::recoversFromOutage).toList());
    }

    // ---- expectations and comparisons ----

    /** user keyId -> flag key -> our evaluator's result on the API's current documents. */
    private Map<String, Map<String, EvaluationResult>> expected() {
        return expected(corpus.users);
    }

    private Map<String, Map<String, EvaluationResult>> expected(List<Corpus.User> users) {
        Map<String, Segment> segments = corpus.segments();
        List<FeatureFlag> flags = corpus.flagKeys.stream().map(corpus::flag).toList();
        Map<String, Map<String, EvaluationResult>> out = new LinkedHashMap<>();
        for (Corpus.User u : users) {
            Map<String, EvaluationResult> byFlag = new LinkedHashMap<>();
            for (FeatureFlag f : flags) {
                byFlag.put(f.key(), evaluator.evaluate(f, u.toEndUser(), id -> Optional.ofNullable(segments.get(id))));
            }
            out.put(u.keyId(), byFlag);
        }
        return out;
    }

    /** user keyId -> flag key -> {value, kind, reason} as the SDK reports them (no insight events). */
    private JsonNode results(Sdk sdk) throws InterruptedException {
        ObjectNode all = NodeScript.command("all");
        all.set("users", Json.mapper().valueToTree(sdk.users().stream().map(Corpus.User::toJson).toList()));
        return sdk.script().call(all, CALL).path("results");
    }

    /** The node SDK's reason kind for our match reason (its own vocabulary, evaluation-server.md §5.9). */
    private static String nodeKind(EvaluationResult r) {
        return switch (String.valueOf(r.matchReason())) {
            case EvaluationResult.FLAG_DISABLED -> "Off";
            case EvaluationResult.TARGETED -> "TargetMatch";
            case EvaluationResult.DEFAULT -> "FallThrough";
            default -> "RuleMatch";
        };
    }

    /**
     * Differences between what the SDK reports and our evaluator: the value for every flag and user, and the reason
     * (the server SDK's own kind; the client SDK reports the ELS's matchReason verbatim).
     */
    private List<String> mismatches(Sdk sdk, Map<String, Map<String, EvaluationResult>> expected) throws InterruptedException {
        JsonNode actual = results(sdk);
        List<String> out = new ArrayList<>();
        for (Corpus.User u : sdk.users()) {
            expected.get(u.keyId()).forEach((flag, result) -> {
                JsonNode got = actual.path(u.keyId()).path(flag);
                String want = result.variation().map(Variation::value).orElse(null);
                String where = sdk.name() + ": " + u.keyId() + " / " + flag + ": ";
                if (got.isMissingNode()) {
                    out.add(where + "SDK has no such flag");
                } else if (!got.path("value").asString("<null>").equals(want)) {
                    out.add(where + "SDK " + got + ", ours " + want + " (" + result.matchReason() + ")");
                } else if (sdk.serverSide() && !got.path("kind").asString("").equals(nodeKind(result))) {
                    out.add(where + "SDK kind " + got + ", ours " + result.matchReason());
                } else if (!sdk.serverSide() && !got.path("reason").asString("").equals(result.matchReason())) {
                    out.add(where + "SDK reason " + got + ", ours " + result.matchReason());
                }
            });
        }
        return out;
    }

    private void awaitAllSdksMatchOurEvaluator(String what) throws InterruptedException {
        awaitSdksMatchOurEvaluator(what, sdks);
    }

    private void awaitSdksMatchOurEvaluator(String what, List<Sdk> sdks) throws InterruptedException {
        awaitSdksMatchOurEvaluator(what, sdks, this::expected);
    }

    private void awaitSdksMatchOurEvaluator(String what, List<Sdk> sdks, java.util.function.Supplier<Map<String, Map<String, EvaluationResult>>> expectation)
            throws InterruptedException {
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        while (true) {
            Map<String, Map<String, EvaluationResult>> expected = expectation.get();
            List<String> all = new ArrayList<>();
            for (Sdk sdk : sdks) {
                all.addAll(mismatches(sdk, expected));
            }
            if (all.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertThat(all).as("%s: SDKs still differ from our evaluator after %s", what, PROPAGATION).isEmpty();
            }
            Thread.sleep(250);
        }
    }

    private static void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not seen within " + PROPAGATION);
            }
            Thread.sleep(250);
        }
    }

    /** Guards the corpus itself: each operator flag must serve both of its values to someone, or it proves little. */
    private void assertCorpusIsDiscriminating(Map<String, Map<String, EvaluationResult>> expected) {
        List<String> constant = new ArrayList<>();
        for (String flag : corpus.flagKeys) {
            if (flag.equals("disabled-flag") || flag.equals("live-flag")) {
                continue;
            }
            long distinct = expected.values().stream().map(m -> m.get(flag).variation().map(Variation::id).orElse("")).distinct().count();
            if (distinct < 2) {
                constant.add(flag);
            }
        }
        assertThat(constant).as("flags that serve the same value to every user of the corpus").isEmpty();
    }

    private Corpus.User user(String keyId) {
        return corpus.users.stream().filter(u -> u.keyId().equals(keyId)).findFirst().orElseThrow();
    }
}
