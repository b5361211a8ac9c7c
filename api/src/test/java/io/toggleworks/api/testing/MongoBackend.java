package io.toggleworks.api.testing;

import io.lettuce.core.RedisClient;
import io.toggleworks.testkit.mongo.MongoEmulator;
import io.toggleworks.testkit.redis.RedisKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * What an API on {@code DbProvider=MongoDb} runs on in tests: an in-memory MongoDB server (mongo-java-server; no
 * real mongod can be had here) on a free port, and the machine's Redis as the message queue under a random key
 * prefix (FeatBit pairs MongoDB with the Redis or Kafka queue; the PostgreSQL queue needs the PostgreSQL schema).
 * Chosen with {@code -Dtoggleworks.api.db=MongoDb}, as the {@code api-on-mongodb} surefire execution does.
 */
public final class MongoBackend implements AutoCloseable {
    public static final String PROPERTY = "toggleworks.api.db";
    static final String REDIS_HOST = System.getenv().getOrDefault("TEST_REDIS_HOST", "127.0.0.1");
    static final int REDIS_PORT = Integer.parseInt(System.getenv().getOrDefault("TEST_REDIS_PORT", "6379"));

    private final MongoEmulator mongo;
    private final String database = MongoEmulator.randomDatabaseName("tw_api_");
    private final String redisPrefix = "tw-api-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    private MongoBackend() {
        mongo = MongoEmulator.start();
    }

    /** True when this run's API tests should run on MongoDB. */
    public static boolean selected() {
        return "MongoDb".equalsIgnoreCase(System.getProperty(PROPERTY, "Postgres"));
    }

    public static MongoBackend start() {
        requireRedis();
        return new MongoBackend();
    }

    /** The settings an operator would give the API for this back end. */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("DbProvider", "MongoDb");
        s.put("MongoDb__ConnectionString", uri());
        s.put("MongoDb__Database", database);
        s.put("MqProvider", "Redis");
        s.put("Redis__ConnectionString", REDIS_HOST + ":" + REDIS_PORT);
        s.put("Redis__Queue__KeyPrefix", redisPrefix);
        return s;
    }

    public String uri() {
        return mongo.connectionString();
    }

    public String database() {
        return database;
    }

    private static void requireRedis() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(REDIS_HOST, REDIS_PORT), 1_000);
        } catch (IOException e) {
            String why = "the API's MongoDB tests use Redis as the queue and none answers at " + REDIS_HOST + ":" + REDIS_PORT
                    + " (install redis-server, or set TEST_REDIS_HOST/TEST_REDIS_PORT)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
    }

    /** Stops the server (its data goes with it) and removes this run's Redis keys. */
    @Override
    public void close() {
        mongo.close();
        RedisClient client = RedisClient.create("redis://" + REDIS_HOST + ":" + REDIS_PORT);
        try (var connection = client.connect()) {
            RedisKeys.deleteUnder(connection.sync(), redisPrefix);
        } catch (RuntimeException e) {
            // Keys under a random prefix are harmless; cleaning them is best effort.
        } finally {
            client.shutdown();
        }
    }
}
