package io.toggleworks.conformance;

import com.mongodb.client.model.Filters;
import io.toggleworks.core.evaluation.EvaluationResult;
import io.toggleworks.core.json.Json;
import io.toggleworks.els.EvaluationServer;
import io.toggleworks.spi.store.EvaluationStoreProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider matrix end to end (issue 5, item 7): the official SDKs against our API and Evaluation Server on each
 * combination of database x queue x cache, switched by FeatBit's settings only ({@code DbProvider},
 * {@code MqProvider}, {@code CacheProvider} and the connection settings), nothing else. Each combination runs a
 * reduced part of {@link OfficialSdkConformanceTest}, which runs in full on the default combination (Postgres,
 * Postgres, None): the initial sync agrees with our evaluator for every flag and user, a flag change made through the
 * API reaches the SDKs of two Evaluation Server instances (each instance receives every change), and the SDKs'
 * insights land in the {@code events} table (the {@code Events} collection on MongoDB) through the job topics.
 *
 * <p>Every combination gets its own database, Redis key prefix, in-process Kafka and (DbProvider=MongoDb) in-memory
 * MongoDB server (mongo-java-server), removed afterwards; on MongoDB the PostgreSQL database holds only the queue. Combinations
 * that cannot run yet are listed as skipped with the reason, and switch on by themselves when it goes away.
 */
class ProviderMatrixTest {
    private static final Duration READY = Duration.ofSeconds(120);
    /** How long a change may take to reach an SDK on this shared, loaded machine; never a timing assertion. */
    private static final Duration PROPAGATION = Duration.ofSeconds(120);

    record Combination(String db, String mq, String cache) {
        String name() {
            return "DbProvider=" + db + ", MqProvider=" + mq + ", CacheProvider=" + cache;
        }

        boolean needsRedis() {
            return mq.equals("Redis") || cache.equals("Redis");
        }
    }

    static List<Combination> combinations() {
        List<Combination> all = new ArrayList<>();
        for (String db : List.of("Postgres", "MongoDb")) {
            for (String mq : List.of("Postgres", "Redis", "Kafka")) {
                for (String cache : List.of("None", "Redis")) {
                    all.add(new Combination(db, mq, cache));
                }
            }
        }
        return all;
    }

    /** Why a combination cannot run in this build, if it cannot. */
    static Optional<String> unavailable(Combination c) {
        if (c.cache().equals("Redis") && ServiceLoader.load(EvaluationStoreProvider.class).stream()
                .noneMatch(p -> p.get().name().equalsIgnoreCase("Redis"))) {
            return Optional.of("CacheProvider=Redis: no Redis EvaluationStoreProvider on the Evaluation Server's class path yet");
        }
        return Optional.empty();
    }

    @TestFactory
    List<DynamicNode> everyCombinationServesTheOfficialSdks() {
        NodeScript.requireNode();
        List<DynamicNode> nodes = new ArrayList<>();
        for (Combination c : combinations()) {
            Optional<String> reason = unavailable(c);
            if (reason.isPresent()) {
                nodes.add(DynamicTest.dynamicTest(c.name(), () -> {
                    System.err.println("[matrix] skipped " + c.name() + ": " + reason.get());
                    Assumptions.abort(reason.get());
                }));
                continue;
            }
            Run run = new Run(c);
            nodes.add(DynamicContainer.dynamicContainer(c.name(), List.of(
                    DynamicTest.dynamicTest("platform starts with these settings only", run::start),
                    DynamicTest.dynamicTest("initial sync agrees with our evaluator", run.step(run::initialSync)),
                    DynamicTest.dynamicTest("a flag change through the API reaches the SDKs of two Evaluation Servers", run.step(run::flagChange)),
                    DynamicTest.dynamicTest("insights land in the events store (events table or Events collection)", run.step(run::insights)),
                    DynamicTest.dynamicTest("stops cleanly", run::stop))));
        }
        return nodes;
    }

    /** One combination's platform, SDKs and back ends, shared by its steps. */
    private static final class Run {
        private final Combination combination;
        private final List<AutoCloseable> resources = new ArrayList<>();
        private ConformanceDatabase database;
        private MatrixRedis redis;
        private MatrixMongo mongo;
        private RunningPlatform platform;
        private PlatformApi api;
        private String envId;
        private Corpus corpus;
        private SdkAgreement agreement;
        private SdkAgreement.Sdk serverSdk;
        private SdkAgreement.Sdk clientSdk;
        /** A node server SDK on a second Evaluation Server instance. */
        private SdkAgreement.Sdk secondElsSdk;
        private String notRunning = "the platform did not start";

        Run(Combination combination) {
            this.combination = combination;
        }

        Executable step(Executable body) {
            return () -> {
                if (platform == null) {
                    Assumptions.abort(notRunning);
                }
                body.execute();
            };
        }

        void start() throws Exception {
            long started = System.nanoTime();
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("DbProvider", combination.db());
            settings.put("MqProvider", combination.mq());
            settings.put("CacheProvider", combination.cache());
            if (combination.needsRedis()) {
                StringBuilder whyNot = new StringBuilder();
                redis = MatrixRedis.connect(whyNot).orElse(null);
                if (redis == null) {
                    prerequisiteMissing(whyNot.toString());
                }
                resources.add(redis);
                settings.put("Redis__ConnectionString", redis.connectionString());
                settings.put("Redis__Queue__KeyPrefix", redis.prefix());
                settings.put("Redis__Cache__KeyPrefix", redis.prefix());
            }
            if (combination.mq().equals("Kafka")) {
                InProcessKafka kafka = InProcessKafka.start();
                resources.add(kafka);
                settings.put("Kafka__Producer__bootstrap.servers", kafka.bootstrapServers());
                settings.put("Kafka__Consumer__bootstrap.servers", kafka.bootstrapServers());
                // The clients and the in-process broker log every connection and rebalance at INFO.
                settings.put("logging.level.org.apache.kafka", "WARN");
                settings.put("logging.level.kafka", "WARN");
            }
            if (combination.db().equals("MongoDb")) {
                mongo = MatrixMongo.start();
                resources.add(mongo);
                settings.put("MongoDb__ConnectionString", mongo.connectionString());
                settings.put("MongoDb__Database", mongo.database());
            }
            // On MongoDB the PostgreSQL database holds only the queue (MqProvider=Postgres), as with FeatBit.
            database = ConformanceDatabase.create();
            resources.add(database);
            platform = RunningPlatform.start(database, settings);
            resources.add(platform);
            api = PlatformApi.signIn(platform.apiUrl());

            String key = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
            JsonNode env = api.post("projects", Map.of("name", key, "key", key)).path("environments").path(0);
            envId = env.path("id").asString();
            String serverSecret = null;
            String clientSecret = null;
            for (JsonNode secret : env.path("secrets")) {
                if (secret.path("type").asString().equals("server")) {
                    serverSecret = secret.path("value").asString();
                } else if (secret.path("type").asString().equals("client")) {
                    clientSecret = secret.path("value").asString();
                }
            }
            corpus = new Corpus(api, envId);
            corpus.createUsers();
            corpus.createSegments();
            corpus.createFlags();
            agreement = new SdkAgreement(corpus);
            if (combination.cache().equals("Redis")) {
                awaitOrSkip("the API to write flags into the Redis cache", () -> !redis.keys("*flag*").isEmpty(),
                        "CacheProvider=Redis: the API does not write the Redis cache yet (no flag key under "
                                + redis.prefix() + " after creating " + corpus.flagKeys.size() + " flags)");
            }

            NodeScript server = NodeScript.start("server-sdk-driver.js", sdkEnv(serverSecret, Map.of()));
            resources.add(server);
            serverSdk = new SdkAgreement.Sdk("node-server-sdk", server, true, corpus.users);
            List<Corpus.User> clientUsers = corpus.users.subList(0, 10);
            NodeScript client = NodeScript.start("client-sdk-driver.js", sdkEnv(clientSecret,
                    Map.of("FB_USERS", Json.write(clientUsers.stream().map(Corpus.User::toJson).toList()))));
            resources.add(client);
            clientSdk = new SdkAgreement.Sdk("js-client-sdk", client, false, clientUsers);
            EvaluationServer secondEls = platform.startAnotherEvaluationServer();
            resources.add(secondEls::close);
            Map<String, String> onSecond = sdkEnv(serverSecret, Map.of());
            onSecond.put("FB_STREAMING_URL", "ws://127.0.0.1:" + secondEls.port());
            onSecond.put("FB_EVENTS_URL", "http://127.0.0.1:" + secondEls.port());
            NodeScript second = NodeScript.start("server-sdk-driver.js", onSecond);
            resources.add(second);
            secondElsSdk = new SdkAgreement.Sdk("node-server-sdk on a second ELS", second, true, corpus.users);
            server.awaitEvent("ready", READY);
            client.awaitEvent("ready", READY);
            second.awaitEvent("ready", READY);
            System.err.printf("[matrix] %s: platform, corpus and SDKs ready in %.1f s%n", combination.name(),
                    (System.nanoTime() - started) / 1e9);
        }

        private Map<String, String> sdkEnv(String secret, Map<String, String> extra) {
            Map<String, String> env = new LinkedHashMap<>(extra);
            env.put("FB_SECRET", secret);
            env.put("FB_STREAMING_URL", platform.elsWebSocketUrl());
            env.put("FB_EVENTS_URL", platform.elsHttpUrl());
            return env;
        }

        void initialSync() throws Exception {
            for (SdkAgreement.Sdk sdk : List.of(serverSdk, clientSdk, secondElsSdk)) {
                assertThat(agreement.mismatches(sdk, agreement.expected(sdk.users())))
                        .as("%s on %s: initial sync vs our evaluator (%d flags x %d users)", sdk.name(), combination.name(),
                                corpus.flagKeys.size(), sdk.users().size())
                        .isEmpty();
            }
        }

        void flagChange() throws Exception {
            List<SdkAgreement.Sdk> all = List.of(serverSdk, clientSdk, secondElsSdk);
            long sent = System.nanoTime();
            api.put("envs/" + envId + "/feature-flags/live-flag/toggle/false", Map.of("comment", "matrix: off"));
            agreement.awaitAgreement(combination.name() + ": live-flag toggled off", all, PROPAGATION);
            long off = System.nanoTime() - sent;
            sent = System.nanoTime();
            api.put("envs/" + envId + "/feature-flags/live-flag/toggle/true", Map.of("comment", "matrix: on"));
            agreement.awaitAgreement(combination.name() + ": live-flag toggled on", all, PROPAGATION);
            // Reported, never asserted: includes the API call and the 250 ms polling of this check.
            System.err.printf("[matrix] %s: toggles reached all SDKs on both ELS in %d ms and %d ms%n", combination.name(),
                    off / 1_000_000, (System.nanoTime() - sent) / 1_000_000);
        }

        void insights() throws Exception {
            Corpus.User bob = corpus.users.stream().filter(u -> u.keyId().equals("user-bob")).findFirst().orElseThrow();
            List<String> flags = List.of("op-equal", "json-config");
            Map<String, Map<String, EvaluationResult>> expected = agreement.expected(List.of(bob));
            for (SdkAgreement.Sdk sdk : List.of(serverSdk, clientSdk)) {
                Corpus.User user = sdk.serverSide() ? bob : sdk.users().stream().filter(u -> u.keyId().equals("user-bob")).findFirst().orElseThrow();
                ObjectNode evaluate = NodeScript.command("evaluate");
                evaluate.set("user", Json.mapper().valueToTree(user.toJson()));
                evaluate.set("flagKeys", Json.mapper().valueToTree(flags));
                sdk.script().call(evaluate, SdkAgreement.CALL);
            }
            String metric = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
            ObjectNode track = NodeScript.command("track");
            track.set("user", Json.mapper().valueToTree(bob.toJson()));
            track.put("eventName", metric);
            track.put("value", 2.5);
            serverSdk.script().call(track, SdkAgreement.CALL);
            for (SdkAgreement.Sdk sdk : List.of(serverSdk, clientSdk)) {
                assertThat(sdk.script().call(NodeScript.command("flush"), SdkAgreement.CALL).path("flushed").asBoolean())
                        .as("%s flush", sdk.name()).isTrue();
            }
            for (String flag : flags) {
                String variationId = expected.get("user-bob").get(flag).variation().orElseThrow().id();
                await("FlagValue events for " + flag + " on " + combination.name(), () -> flagValueEvents(flag, variationId) >= 2);
            }
            await("CustomEvent " + metric + " on " + combination.name(), () -> customEvents(metric) > 0);
            await("end user user-bob on " + combination.name(), () -> endUsers("user-bob") > 0);
        }

        private long flagValueEvents(String flag, String variationId) {
            if (mongo != null) {
                return mongo.count("Events", Filters.and(Filters.eq("event", "FlagValue"),
                        Filters.eq("distinct_id", envId + "-" + flag), Filters.eq("env_id", envId),
                        Filters.eq("properties.tag_0", "user-bob"), Filters.eq("properties.tag_1", variationId)));
            }
            return database.column("""
                    select id::text from events
                    where event = 'FlagValue' and distinct_id = ? and env_id = ?
                      and properties->>'tag_0' = ? and properties->>'tag_1' = ?""",
                    envId + "-" + flag, envId, "user-bob", variationId).size();
        }

        private long customEvents(String metric) {
            if (mongo != null) {
                return mongo.count("Events", Filters.and(Filters.eq("event", "CustomEvent"),
                        Filters.eq("distinct_id", metric), Filters.eq("env_id", envId)));
            }
            return database.column("select id::text from events where event = 'CustomEvent' and distinct_id = ? and env_id = ?",
                    metric, envId).size();
        }

        private long endUsers(String keyId) {
            if (mongo != null) {
                return mongo.count("EndUsers", Filters.and(Filters.eq("envId", UUID.fromString(envId)), Filters.eq("keyId", keyId)));
            }
            return database.column("select id::text from end_users where env_id = ?::uuid and key_id = ?", envId, keyId).size();
        }

        void stop() {
            List<AutoCloseable> reversed = new ArrayList<>(resources);
            java.util.Collections.reverse(reversed);
            for (AutoCloseable r : reversed) {
                try {
                    r.close();
                } catch (Exception e) {
                    System.err.println("[matrix] " + combination.name() + ": while stopping: " + e);
                }
            }
            resources.clear();
            platform = null;
        }

        private static boolean holds(BooleanSupplier condition) {
            try {
                return condition.getAsBoolean();
            } catch (IllegalStateException e) {
                System.err.println("[matrix] will look again: " + e.getMessage().strip() + ": " + e.getCause());
                return false;
            }
        }

        private void prerequisiteMissing(String message) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            notRunning = message;
            System.err.println("[matrix] skipped " + combination.name() + ": " + message);
            Assumptions.abort(message);
        }

        private void awaitOrSkip(String what, BooleanSupplier condition, String reason) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    notRunning = reason;
                    stop();
                    System.err.println("[matrix] skipped " + combination.name() + ": " + reason);
                    Assumptions.abort(reason);
                }
                Thread.sleep(250);
            }
        }

        /** Polls {@code condition}; a failing query (the shared PostgreSQL out of connections, say) counts as "not yet". */
        private static void await(String what, BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + PROPAGATION.toNanos();
            while (!holds(condition)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(what + ": not seen within " + PROPAGATION);
                }
                Thread.sleep(250);
            }
        }
    }
}
