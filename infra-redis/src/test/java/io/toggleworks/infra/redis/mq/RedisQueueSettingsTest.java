package io.toggleworks.infra.redis.mq;

import io.toggleworks.infra.redis.connection.RedisConnectionString;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisQueueSettingsTest {

    @Test
    void defaultsKeepFeatBitsNames() {
        RedisQueueSettings s = RedisQueueSettings.defaults();
        assertThat(s.keyPrefix()).isEmpty();
        assertThat(s.batchSize()).isEqualTo(100);
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxDeliveries()).isEqualTo(5);
        assertThat(s.replayLength()).isEqualTo(10_000);
    }

    @Test
    void readsFeatBitStyleKeys() {
        RedisQueueSettings s = RedisQueueSettings.from(ProviderConfig.of(Map.of(
                "Redis__Queue__KeyPrefix", "t:", "Redis:Queue:BatchSize", "7", "redis.queue.replaylength", "0")));
        assertThat(s.keyPrefix()).isEqualTo("t:");
        assertThat(s.batchSize()).isEqualTo(7);
        assertThat(s.replayLength()).isZero();
    }

    @Test
    void badValuesAreClearErrors() {
        assertThatThrownBy(() -> RedisQueueSettings.from(ProviderConfig.of(Map.of("Redis__Queue__BatchSize", "lots"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Redis__Queue__BatchSize");
        assertThatThrownBy(() -> RedisQueueSettings.from(ProviderConfig.of(Map.of("Redis__Queue__MaxDeliveries", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MaxDeliveries");
        assertThatThrownBy(() -> RedisQueueSettings.from(ProviderConfig.of(Map.of(
                "Redis__Queue__HeartbeatIntervalMs", "5000", "Redis__Queue__ConsumerTimeoutMs", "6000"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ConsumerTimeoutMs");
        assertThatThrownBy(() -> RedisQueueSettings.from(ProviderConfig.of(Map.of("Redis__Queue__PollIntervalMs", "-1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PollIntervalMs");
    }

    @Test
    void parkedMessagesAreRead() {
        ParkedMessage m = ParkedMessage.parse(
                "{\"error\":\"boom \\\"x\\\"\\n\",\"deliveries\":5,\"parkedAt\":\"2026-01-01T00:00:00Z\",\"payload\":\"{\\\"a\\\":\\\"caf\u00e9\\\\\\/\\u00e9\\\"}\"}");
        assertThat(m.error()).isEqualTo("boom \"x\"\n");
        assertThat(m.deliveries()).isEqualTo(5);
        assertThat(m.parkedAt()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(m.payload()).isEqualTo("{\"a\":\"caf\u00e9\\/\u00e9\"}");
        assertThatThrownBy(() -> ParkedMessage.parse("{\"payload\":")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParkedMessage.parse("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Timeout(60)
    void anUnreachableRedisDoesNotFailStartOrPublish() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        RedisConnectionString cs = RedisConnectionString.parse("127.0.0.1:" + port + ",abortConnect=false,connectTimeout=300");
        RedisQueueSettings settings = RedisQueueSettings.from(ProviderConfig.of(Map.of(
                "Redis__Queue__PublishAttempts", "2", "Redis__Queue__PublishRetryDelayMs", "10")));
        try (MessageQueue queue = new RedisMessageQueue(cs, settings)) {
            queue.producer().publish(Topics.END_USERS, "{}");
            queue.producer().publishAll(Topics.INSIGHTS, List.of("{}", "{}"));
            queue.producer().publish(Topics.FEATURE_FLAG_CHANGE, "{}");
            queue.jobConsumer().start(Topics.USAGE, b -> { });
            queue.realtimeConsumer().start((t, p) -> { });
        }
    }
}
