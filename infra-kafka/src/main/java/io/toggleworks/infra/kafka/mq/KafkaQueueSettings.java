package io.toggleworks.infra.kafka.mq;

import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.support.QueueSettingsReader;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.toggleworks.spi.mq.support.QueueSettingsReader.require;

/**
 * Our own tuning of the Kafka queue, read under {@code Kafka__Queue__*} and {@code Kafka__Topics__*}. Client settings
 * ({@code Kafka__Producer__*}, {@code Kafka__Consumer__*}) are FeatBit's and live in {@link KafkaClientSettings}.
 *
 * @param batchSize          job messages per batch (the consumer's {@code max.poll.records})
 * @param pollInterval       how long a consumer waits for records in one poll
 * @param maxDeliveries      deliveries after which a failing job message is parked on its parked topic
 * @param retryDelay         delay before the second individual retry of a failed job message; doubles per delivery
 * @param reorderWindow      how long a real-time message may wait for an earlier one from the same producer that
 *                           travels on another partition or topic
 * @param realtimeReplay     a new real-time consumer starts with the messages at most this old, so that a change
 *                           published while it was starting is not lost
 * @param publishAttempts    sends of one message (each retried by the client for {@code delivery.timeout.ms})
 *                           before it is logged as lost
 * @param closeTimeout       how long {@code close()} waits for a running job batch
 * @param partitions         partitions of a topic created at start; empty = the broker's {@code num.partitions};
 *                           {@code Kafka__Topics__<topic>__Partitions} overrides it for one topic
 * @param replicationFactor  replication of a topic created at start; empty = the broker's default
 * @param parkedRetention    how long parked job messages are kept
 * @param topicTimeout       how long start-up waits for the brokers to create or list the topics
 */
public record KafkaQueueSettings(int batchSize, Duration pollInterval, int maxDeliveries, Duration retryDelay,
                                 Duration reorderWindow, Duration realtimeReplay, int publishAttempts,
                                 Duration closeTimeout, Optional<Integer> partitions,
                                 Optional<Short> replicationFactor, Duration parkedRetention,
                                 Duration topicTimeout, Map<String, Integer> topicPartitions) {

    public static final String QUEUE = "Kafka__Queue__";
    public static final String TOPICS = "Kafka__Topics__";

    public KafkaQueueSettings {
        require(batchSize >= 1, QUEUE + "BatchSize must be at least 1");
        require(maxDeliveries >= 1, QUEUE + "MaxDeliveries must be at least 1");
        require(publishAttempts >= 1, QUEUE + "PublishAttempts must be at least 1");
        require(!pollInterval.isZero(), QUEUE + "PollIntervalMs must be positive");
        require(partitions.map(p -> p >= 1).orElse(true), TOPICS + "Partitions must be at least 1");
        require(replicationFactor.map(r -> r >= 1).orElse(true), TOPICS + "ReplicationFactor must be at least 1");
        require(topicPartitions.values().stream().allMatch(p -> p >= 1), TOPICS + "<topic>__Partitions must be at least 1");
        topicPartitions = Map.copyOf(topicPartitions);
    }

    /** Partitions for {@code topic} when it is created: its own setting, else the global one, else the broker's. */
    public Optional<Integer> partitionsOf(String topic) {
        return Optional.ofNullable(topicPartitions.get(topic)).or(this::partitions);
    }

    public static KafkaQueueSettings defaults() {
        return from(ProviderConfig.of(Map.of()));
    }

    public static KafkaQueueSettings from(ProviderConfig c) {
        QueueSettingsReader queue = new QueueSettingsReader(c, QUEUE);
        QueueSettingsReader topics = new QueueSettingsReader(c, TOPICS);
        return new KafkaQueueSettings(
                queue.integer("BatchSize", 100),
                queue.millis("PollIntervalMs", 1_000),
                queue.integer("MaxDeliveries", 5),
                queue.millis("RetryDelayMs", 200),
                queue.millis("ReorderWindowMs", 200),
                queue.millis("RealtimeReplayMs", 5_000),
                queue.integer("PublishAttempts", 3),
                queue.millis("CloseTimeoutMs", 10_000),
                c.get(TOPICS + "Partitions").map(v -> topics.integer("Partitions", 1)),
                c.get(TOPICS + "ReplicationFactor").map(v -> (short) topics.integer("ReplicationFactor", 1)),
                queue.hours("ParkedRetentionHours", 168),
                topics.millis("TimeoutMs", 60_000),
                perTopicPartitions(c, topics));
    }

    private static Map<String, Integer> perTopicPartitions(ProviderConfig c, QueueSettingsReader topics) {
        Map<String, Integer> out = new java.util.HashMap<>();
        for (String topic : KafkaTopics.all()) {
            String key = topic + "__Partitions";
            c.get(TOPICS + key).ifPresent(v -> out.put(topic, topics.integer(key, 1)));
        }
        return out;
    }
}
