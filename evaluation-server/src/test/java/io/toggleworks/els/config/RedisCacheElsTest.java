package io.toggleworks.els.config;

import io.toggleworks.core.flag.Fallthrough;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.RolloutVariation;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.els.EvaluationServer;
import io.toggleworks.els.EvaluationServerLauncher;
import io.toggleworks.els.support.FeatBitData;
import io.toggleworks.els.support.TestDatabase;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.FlagCacheProviders;
import io.toggleworks.spi.cache.SecretEntry;
import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Evaluation Server started with {@code CacheProvider=Redis} serves SDKs from FeatBit's Redis layout, written
 * the way the API writes it (the same {@link FlagCache}); with Redis unreachable it serves from the database.
 */
class RedisCacheElsTest {
    static final String REDIS = "127.0.0.1:" + Integer.getInteger("toggleworks.test.redis.port", 6379);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String prefix;
    static TestDatabase db;
    static FlagCache cache;

    @BeforeAll
    static void start() {
        requireRedis();
        prefix = "tw-test-" + UUID.randomUUID().toString().substring(0, 12) + ":";
        db = TestDatabase.create();
        cache = FlagCacheProviders.create(ProviderConfig.of(redisSettings(REDIS)));
    }

    @AfterAll
    static void stop() {
        if (cache != null) {
            deleteOurKeys();
            cache.close();
        }
        if (db != null) {
            db.close();
        }
    }

    static Map<String, String> redisSettings(String redis) {
        return Map.of("CacheProvider", "Redis", "Redis__ConnectionString", redis + ",connectTimeout=500,syncTimeout=1000",
                "Redis__Cache__KeyPrefix", prefix);
    }

    static EvaluationServer els(String redis) throws InterruptedException {
        Map<String, String> all = new HashMap<>(redisSettings(redis));
        all.put("Els__Port", "0");
        all.put("Els__Host", "127.0.0.1");
        all.put("Els__IoThreads", "2");
        all.put("DbProvider", "Postgres");
        all.put("MqProvider", "None");
        all.put("Postgres__ConnectionString", db.npgsqlConnectionString());
        return EvaluationServerLauncher.create(ElsConfig.from(ProviderConfig.of(all))).start();
    }

    @Test
    void servesFlagsAndSecretsFromTheRedisCacheAlone() throws Exception {
        // Nothing of this environment is in the database: whatever the ELS serves comes from Redis.
        UUID env = UUID.randomUUID();
        String secret = EnvironmentSecret.create(env);
        Instant at = Instant.parse("2025-05-01T10:00:00.123Z");
        FeatureFlag flag = new FeatureFlag(UUID.randomUUID(), env, UUID.randomUUID(), "From Redis", "", "from-redis", "boolean",
                List.of(new Variation("on", "on", "true"), new Variation("off", "off", "false")), List.of(), List.of(), true,
                "off", new Fallthrough(null, true, List.of(new RolloutVariation("on", new double[]{0, 1}, 1))), false,
                List.of(), false, at, at, UUID.randomUUID(), UUID.randomUUID());
        cache.upsertFlag(flag);
        cache.upsertSecrets(List.of(new SecretEntry(secret, SecretType.SERVER, UUID.randomUUID(), "org", UUID.randomUUID(), "proj", env, "prod")));

        EvaluationServer els = els(REDIS);
        try {
            HttpResponse<String> full = get(els, "/api/public/sdk/server/latest-all", secret);
            assertThat(full.statusCode()).isEqualTo(200);
            JsonNode flags = Json.tree(full.body()).path("data").path("featureFlags");
            assertThat(flags.size()).isEqualTo(1);
            assertThat(flags.get(0).path("key").asString()).isEqualTo("from-redis");
            assertThat(flags.get(0).path("updatedAt").asString()).isEqualTo("2025-05-01T10:00:00.123Z");
            assertThat(get(els, "/api/public/sdk/server/latest-all", EnvironmentSecret.create(env)).statusCode()).isEqualTo(401);
        } finally {
            els.close();
        }
    }

    @Test
    void withRedisUnreachableTheDatabaseAnswers() throws Exception {
        FeatBitData data = new FeatBitData(db);
        FeatBitData.Env env = data.environment("prod");
        data.booleanFlag(env.id(), "from-postgres", Instant.parse("2024-01-01T00:00:00Z"), null);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        EvaluationServer els = els("127.0.0.1:" + closed);
        try {
            HttpResponse<String> full = get(els, "/api/public/sdk/server/latest-all", env.serverSecret());
            assertThat(full.statusCode()).isEqualTo(200);
            assertThat(Json.tree(full.body()).path("data").path("featureFlags").get(0).path("key").asString()).isEqualTo("from-postgres");
        } finally {
            els.close();
        }
    }

    static HttpResponse<String> get(EvaluationServer els, String path, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + els.port() + path))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteOurKeys() {
        try (io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://" + REDIS)) {
            try (var c = client.connect()) {
                List<String> doomed = new ArrayList<>();
                var it = io.lettuce.core.ScanIterator.scan(c.sync(), io.lettuce.core.ScanArgs.Builder.matches(prefix + "*").limit(500));
                while (it.hasNext()) {
                    doomed.add(it.next());
                }
                if (!doomed.isEmpty()) {
                    c.sync().del(doomed.toArray(String[]::new));
                }
            }
        }
    }

    private static void requireRedis() {
        String[] hostPort = REDIS.split(":");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1_000);
        } catch (IOException e) {
            String message = "No Redis at " + REDIS + " (" + e.getMessage() + "). Install and start one: "
                    + "apt-get install -y redis-server && redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
    }
}
