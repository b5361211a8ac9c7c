package io.toggleworks.api.cache;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.toggleworks.api.flags.FlagFixtures;
import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.MongoBackend;
import io.toggleworks.api.testing.RunningApi;
import io.toggleworks.api.testing.TestDatabase;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.cache.SecretEntry;
import io.toggleworks.spi.store.EvaluationStoreProvider;
import org.bson.UuidRepresentation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code CacheProvider=Redis} end to end in the API: REST changes land in Redis in FeatBit's layout
 * (infrastructure §3.1-3.2), population at start-up and repair, and the ELS's Redis store reads what was written.
 * Runs its own database (PostgreSQL, or MongoDB in the {@code mongodb} run) and API, under a random Redis key prefix
 * that it deletes afterwards. What the database holds is read with {@link CacheQueries}.
 */
@Tag("mongodb")
class RedisCacheApiTest {
    static final String REDIS_HOST = "127.0.0.1";
    static final int REDIS_PORT = Integer.getInteger("toggleworks.test.redis.port", 6379);

    static String prefix;
    static TestDatabase db;
    static MongoBackend mongo;
    static MongoClient mongoClient;
    static CacheQueries stored;
    static RunningApi server;
    static RedisClient client;
    static StatefulRedisConnection<String, String> connection;
    static EvaluationStore els;
    static ApiClient org;

    @BeforeAll
    static void start() {
        requireRedis();
        prefix = "tw-test-" + UUID.randomUUID().toString().substring(0, 12) + ":";
        client = RedisClient.create(RedisURI.create(REDIS_HOST, REDIS_PORT));
        connection = client.connect();
        if (MongoBackend.selected()) {
            mongo = MongoBackend.start();
            server = RunningApi.start(mongo, settings());
            mongoClient = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(mongo.uri())).uuidRepresentation(UuidRepresentation.STANDARD).build());
            stored = new MongoCacheQueries(mongoClient.getDatabase(mongo.database()));
        } else {
            db = TestDatabase.create();
            server = RunningApi.start(db, settings());
            stored = new PostgresCacheQueries(db.jdbc());
        }
        ApiClient seeded = server.seededUser();
        String key = "org-" + UUID.randomUUID().toString().substring(0, 8);
        UUID orgId = UUID.fromString(seeded.post("organizations", Map.of("name", key, "key", key)).ok().data().path("id").asString());
        org = seeded.withOrganization(orgId);
        els = ServiceLoader.load(EvaluationStoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("Redis")).findFirst().orElseThrow()
                .create(ProviderConfig.of(settings()));
    }

    static Map<String, String> settings() {
        return Map.of("CacheProvider", "Redis",
                "Redis__ConnectionString", REDIS_HOST + ":" + REDIS_PORT + ",abortConnect=false",
                "Redis__Cache__KeyPrefix", prefix,
                "Redis__Cache__CheckIntervalSeconds", "0");
    }

    @AfterAll
    static void stop() {
        if (els != null) {
            els.close();
        }
        if (server != null) {
            server.close();
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
        if (connection != null) {
            deleteOurKeys();
            connection.close();
            client.shutdown();
        }
    }

    static RedisCommands<String, String> redis() {
        return connection.sync();
    }

    @Test
    void startUpPopulatedTheCacheAndSetTheMarker() {
        assertThat(redis().get(prefix + "featbit:redis-is-populated")).isEqualTo("true");
        assertThat(redis().exists(prefix + "featbit:populate-redis")).isZero();
        // The seeded environment's secrets were there before the API started: population wrote them.
        for (String secret : stored.secrets().stream().map(SecretEntry::value).toList()) {
            assertThat(redis().hget(prefix + "featbit:secret:" + secret, "envId")).isNotNull();
        }
    }

    @Test
    void aFlagChangedThroughRestLandsInFeatBitsLayoutAndTheElsStoreServesIt() {
        UUID envId = newEnv();
        JsonNode created = FlagFixtures.create(org, envId, "cached").data();
        String id = created.path("id").asString();
        org.put("envs/" + envId + "/feature-flags/cached/toggle/true", Map.of()).ok();
        JsonNode current = org.get("envs/" + envId + "/feature-flags/cached").ok().data();

        assertThat(redis().type(prefix + "featbit:flag:" + id)).isEqualTo("string");
        assertThat(ApiClient.JSON.readTree(redis().get(prefix + "featbit:flag:" + id))).isEqualTo(current);
        assertThat(redis().zscore(prefix + "featbit:flag-index:" + envId, id))
                .isEqualTo((double) Instant.parse(current.path("updatedAt").asString()).toEpochMilli());

        List<FeatureFlag> served = els.flagsUpdatedAfter(envId, 0);
        assertThat(served).extracting(f -> f.id().toString()).containsExactly(id);
        assertThat(served.getFirst().isEnabled()).isTrue();

        org.put("envs/" + envId + "/feature-flags/cached/archive", Map.of()).ok();
        assertThat(els.flagsByIds(List.of(UUID.fromString(id))).getFirst().isArchived()).isTrue();
        org.delete("envs/" + envId + "/feature-flags/cached").ok();
        assertThat(redis().exists(prefix + "featbit:flag:" + id)).isZero();
        assertThat(redis().zscore(prefix + "featbit:flag-index:" + envId, id)).isNull();
        assertThat(els.flagsUpdatedAfter(envId, 0)).isEmpty();
    }

    @Test
    void segmentsSharedOnesWithAnEmptyEnvIdAndTheirTargetingChangesReachTheCache() {
        JsonNode project = newProject();
        UUID prod = envId(project, "prod");
        UUID dev = envId(project, "dev");
        String own = org.post("envs/" + dev + "/segments", Map.of("name", "Own", "key", "own")).ok().data().path("id").asString();
        String projectScope = "organization/" + orgKey() + ":project/" + project.path("key").asString();
        String shared = org.post("envs/" + dev + "/segments", Map.of("type", "shared", "name", "Shared", "key",
                "shared-" + UUID.randomUUID().toString().substring(0, 6), "scopes", List.of(projectScope))).ok().data().path("id").asString();

        assertThat(redis().get(prefix + "featbit:segment:" + own)).contains("\"envId\":\"" + dev + "\"");
        assertThat(redis().get(prefix + "featbit:segment:" + shared)).contains("\"envId\":\"\",");
        assertThat(redis().zrange(prefix + "featbit:segment-index:" + dev, 0, -1)).containsExactlyInAnyOrder(own, shared);
        assertThat(redis().zrange(prefix + "featbit:segment-index:" + prod, 0, -1)).containsExactly(shared);

        org.put("envs/" + dev + "/segments/" + shared + "/targeting",
                Map.of("included", List.of("u1"), "excluded", List.of(), "rules", List.of())).ok();
        List<Segment> inProd = els.segmentsUpdatedAfter(prod, 0);
        assertThat(inProd).hasSize(1);
        assertThat(inProd.getFirst().envId()).isEqualTo(prod);
        assertThat(inProd.getFirst().included()).containsExactly("u1");

        // A new environment of the project sees the shared segment at once (FeatBit: only after a repopulation).
        UUID staging = UUID.fromString(org.post("projects/" + project.path("id").asString() + "/envs",
                Map.of("name", "Staging", "key", "staging")).ok().data().path("id").asString());
        assertThat(els.segmentsUpdatedAfter(staging, 0)).extracting(s -> s.id().toString()).containsExactly(shared);

        org.put("envs/" + dev + "/segments/" + own + "/archive", Map.of()).ok();
        org.delete("envs/" + dev + "/segments/" + own).ok();
        assertThat(redis().exists(prefix + "featbit:segment:" + own)).isZero();
        assertThat(redis().zrange(prefix + "featbit:segment-index:" + dev, 0, -1)).containsExactly(shared);
    }

    @Test
    void secretsFollowEnvironmentAndSecretChanges() {
        JsonNode project = newProject();
        UUID envId = envId(project, "dev");
        List<String> initial = secretsOf(envId);
        assertThat(initial).hasSize(2);
        for (String s : initial) {
            assertThat(redis().hgetall(prefix + "featbit:secret:" + s)).containsOnlyKeys("type", "organizationId",
                    "organizationKey", "projectId", "projectKey", "envId", "envKey")
                    .containsEntry("envId", envId.toString()).containsEntry("envKey", "dev")
                    .containsEntry("projectKey", project.path("key").asString()).containsEntry("organizationKey", orgKey());
            assertThat(els.secret(s)).isPresent();
        }
        JsonNode added = org.post("envs/" + envId + "/secrets", Map.of("name", "Extra", "type", "client")).ok().data();
        String value = added.path("value").asString();
        assertThat(redis().hget(prefix + "featbit:secret:" + value, "type")).isEqualTo("client");
        org.delete("envs/" + envId + "/secrets/" + added.path("id").asString()).ok();
        assertThat(redis().exists(prefix + "featbit:secret:" + value)).isZero();
        assertThat(els.secret(value)).isEmpty();

        FlagFixtures.create(org, envId, "in-deleted-env");
        org.delete("projects/" + project.path("id").asString() + "/envs/" + envId).ok();
        for (String s : initial) {
            assertThat(els.secret(s)).isEmpty();
        }
        assertThat(redis().exists(prefix + "featbit:flag-index:" + envId)).isZero();
    }

    @Test
    void aLostCacheIsRepopulatedFromTheDatabase() {
        UUID envId = newEnv();
        String id = FlagFixtures.create(org, envId, "survivor").data().path("id").asString();
        redis().del(prefix + "featbit:redis-is-populated", prefix + "featbit:flag:" + id, prefix + "featbit:flag-index:" + envId);
        assertThat(els.flagsUpdatedAfter(envId, 0)).isEmpty();

        server.context().getBean(CacheRepair.class).check();

        assertThat(redis().get(prefix + "featbit:redis-is-populated")).isEqualTo("true");
        assertThat(els.flagsUpdatedAfter(envId, 0)).extracting(f -> f.id().toString()).containsExactly(id);
    }

    @Test
    void theApiRefusesToStartWhenTheCacheCannotBePopulated() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, String> broken = new java.util.HashMap<>(settings());
        broken.put("Redis__ConnectionString", REDIS_HOST + ":" + closed + ",connectTimeout=500");
        assertThatThrownBy(() -> (mongo != null ? RunningApi.start(mongo, broken) : RunningApi.start(db, broken)).close())
                .hasStackTraceContaining("CacheUnavailableException").hasStackTraceContaining(":" + closed);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static JsonNode newProject() {
        String key = "p-" + UUID.randomUUID().toString().substring(0, 8);
        return org.post("projects", Map.of("name", key, "key", key)).ok().data();
    }

    private static UUID newEnv() {
        return envId(newProject(), "dev");
    }

    private static UUID envId(JsonNode project, String key) {
        for (JsonNode env : project.path("environments")) {
            if (key.equals(env.path("key").asString())) {
                return UUID.fromString(env.path("id").asString());
            }
        }
        throw new AssertionError("no env " + key);
    }

    private static String orgKey() {
        return stored.organizationKey(org.organizationId());
    }

    private static List<String> secretsOf(UUID envId) {
        return stored.secrets().stream().filter(s -> s.envId().equals(envId)).map(SecretEntry::value).toList();
    }

    private static void deleteOurKeys() {
        List<String> doomed = new ArrayList<>();
        ScanIterator<String> it = ScanIterator.scan(redis(), ScanArgs.Builder.matches(prefix + "*").limit(500));
        while (it.hasNext()) {
            doomed.add(it.next());
        }
        if (!doomed.isEmpty()) {
            redis().del(doomed.toArray(String[]::new));
        }
    }

    private static void requireRedis() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(REDIS_HOST, REDIS_PORT), 1_000);
            return;
        } catch (IOException e) {
            String message = "No Redis at " + REDIS_HOST + ":" + REDIS_PORT + " (" + e.getMessage() + "). Install and start one: "
                    + "apt-get install -y redis-server && redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
    }
}
