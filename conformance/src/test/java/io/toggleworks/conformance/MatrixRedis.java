package io.toggleworks.conformance;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.toggleworks.testkit.redis.RedisKeys;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The machine's Redis (127.0.0.1:6379, or {@code TEST_REDIS_HOST}/{@code TEST_REDIS_PORT}) for one provider
 * combination: the services get a random key prefix ({@code Redis__Queue__KeyPrefix}, {@code Redis__Cache__KeyPrefix}),
 * and {@link #close()} deletes every key under it.
 */
final class MatrixRedis implements AutoCloseable {
    static final String HOST = System.getenv().getOrDefault("TEST_REDIS_HOST", "127.0.0.1");
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("TEST_REDIS_PORT", "6379"));

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String prefix = "tw-matrix-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    private MatrixRedis(RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
    }

    /** Connected, or empty with the reason when no Redis answers. */
    static Optional<MatrixRedis> connect(StringBuilder whyNot) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(HOST).withPort(PORT).withTimeout(Duration.ofSeconds(5)).build());
        try {
            StatefulRedisConnection<String, String> c = client.connect();
            c.sync().ping();
            return Optional.of(new MatrixRedis(client, c));
        } catch (RuntimeException e) {
            client.shutdown();
            whyNot.append("Redis at ").append(HOST).append(':').append(PORT).append(" is not reachable (").append(e.getMessage())
                    .append("); install and start redis-server (apt-get install redis-server)");
            return Optional.empty();
        }
    }

    /** FeatBit's StackExchange.Redis form. */
    String connectionString() {
        return HOST + ":" + PORT;
    }

    String prefix() {
        return prefix;
    }

    /** Keys under this run's prefix matching {@code pattern} (after the prefix). */
    List<String> keys(String pattern) {
        return RedisKeys.matching(connection.sync(), prefix + pattern);
    }

    @Override
    public void close() {
        try {
            RedisKeys.deleteUnder(connection.sync(), prefix);
        } finally {
            connection.close();
            client.shutdown();
        }
    }
}
