package io.toggleworks.api.health;

import io.toggleworks.api.db.JdbcDatabaseCheck;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.FlagCacheProviders;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.testkit.postgres.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness (api.md §4.1) checks the database and, with {@code CacheProvider=Redis}, the Redis cache through the
 * cache's own connection: a real PostgreSQL database of its own, the Redis at 127.0.0.1:6379, and a closed port for
 * a Redis that cannot be reached.
 */
class ReadinessTest {
    static final String REDIS_HOST = "127.0.0.1";
    static final int REDIS_PORT = Integer.getInteger("toggleworks.test.redis.port", 6379);

    static TestDatabase db;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("tw_api_health");
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void withoutCacheOnlyTheDatabaseCounts() {
        try (FlagCache cache = FlagCacheProviders.create(ProviderConfig.of(Map.of("CacheProvider", "None")))) {
            ResponseEntity<String> answer = new HealthController(new JdbcDatabaseCheck(db.dataSource()), cache).readiness();
            assertThat(answer.getStatusCode().value()).isEqualTo(200);
            assertThat(answer.getBody()).isEqualTo("Healthy");
        }
    }

    @Test
    void healthyWhenTheRedisCacheAnswers() {
        requireRedis();
        try (FlagCache cache = redisCache(REDIS_PORT)) {
            ResponseEntity<String> answer = new HealthController(new JdbcDatabaseCheck(db.dataSource()), cache).readiness();
            assertThat(answer.getStatusCode().value()).isEqualTo(200);
            assertThat(answer.getBody()).isEqualTo("Healthy");
        }
    }

    @Test
    void unhealthyWhenTheRedisCacheCannotBeReached() throws IOException {
        try (FlagCache cache = redisCache(closedPort())) {
            ResponseEntity<String> answer = new HealthController(new JdbcDatabaseCheck(db.dataSource()), cache).readiness();
            assertThat(answer.getStatusCode().value()).isEqualTo(503);
            assertThat(answer.getBody()).isEqualTo("Unhealthy");
        }
    }

    @Test
    void unhealthyWhenTheDatabaseCannotBeReachedEvenIfRedisAnswers() throws IOException {
        requireRedis();
        TestDatabase gone = TestDatabase.create("tw_api_health_gone");
        gone.close();
        try (FlagCache cache = redisCache(REDIS_PORT)) {
            ResponseEntity<String> answer = new HealthController(new JdbcDatabaseCheck(gone.dataSource()), cache).readiness();
            assertThat(answer.getStatusCode().value()).isEqualTo(503);
        }
    }

    /** The API's cache as {@code CacheConfiguration} makes it, under a random key prefix (nothing is written). */
    private static FlagCache redisCache(int port) {
        return FlagCacheProviders.create(ProviderConfig.of(Map.of(
                "CacheProvider", "Redis",
                "Redis__ConnectionString", REDIS_HOST + ":" + port + ",abortConnect=false,connectTimeout=2000",
                "Redis__Cache__KeyPrefix", "tw-health-" + UUID.randomUUID().toString().substring(0, 12) + ":")));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(REDIS_HOST))) {
            return s.getLocalPort();
        }
    }

    private static void requireRedis() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(REDIS_HOST, REDIS_PORT), 1_000);
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
