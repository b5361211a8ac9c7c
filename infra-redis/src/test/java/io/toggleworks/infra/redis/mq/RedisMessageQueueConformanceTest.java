package io.toggleworks.infra.redis.mq;

import io.toggleworks.infra.redis.testing.RedisTestServer;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProviders;
import io.toggleworks.testkit.mq.MessageQueueConformanceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The provider-independent queue suite on Redis, found through {@code MqProvider=Redis} as a service would. */
class RedisMessageQueueConformanceTest extends MessageQueueConformanceTest {
    static final int MAX_DELIVERIES = 3;
    private static RedisTestServer redis;

    @BeforeAll
    static void startRun() {
        redis = RedisTestServer.newRun();
    }

    @AfterAll
    static void cleanUp() {
        if (redis != null) {
            redis.close();
        }
    }

    /** Short intervals so that recovery, retries and reconnection happen within a test's patience. */
    static ProviderConfig fastConfig(RedisTestServer redis) {
        return ProviderConfig.of(Map.ofEntries(
                Map.entry("MqProvider", "Redis"),
                Map.entry("Redis__ConnectionString", redis.connectionString()),
                Map.entry("Redis__Queue__KeyPrefix", redis.prefix()),
                Map.entry("Redis__Queue__BatchSize", "20"),
                Map.entry("Redis__Queue__PollIntervalMs", "200"),
                Map.entry("Redis__Queue__MaxDeliveries", Integer.toString(MAX_DELIVERIES)),
                Map.entry("Redis__Queue__RetryDelayMs", "50"),
                Map.entry("Redis__Queue__HeartbeatIntervalMs", "300"),
                Map.entry("Redis__Queue__ConsumerTimeoutMs", "1500"),
                Map.entry("Redis__Queue__ReconnectMinDelayMs", "50"),
                Map.entry("Redis__Queue__ReconnectMaxDelayMs", "500"),
                Map.entry("Redis__Queue__PublishRetryDelayMs", "50"),
                Map.entry("Redis__Queue__CloseTimeoutMs", "500")));
    }

    @Override
    protected MessageQueue openQueue() {
        return MessageQueueProviders.create(fastConfig(redis), "None");
    }

    @Override
    protected void interruptConnections() {
        redis.killClients();
    }

    @Override
    protected Optional<List<String>> parkedPayloads(String topic) {
        return Optional.of(redis.commands().lrange(redis.prefix() + topic + ":failed", 0, -1).stream()
                .map(ParkedMessage::parse).map(ParkedMessage::payload).toList());
    }

    @Override
    protected int maxDeliveries() {
        return MAX_DELIVERIES;
    }
}
