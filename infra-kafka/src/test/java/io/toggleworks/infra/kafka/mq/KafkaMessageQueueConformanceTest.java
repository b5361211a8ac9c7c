package io.toggleworks.infra.kafka.mq;

import io.toggleworks.infra.kafka.testing.KafkaTestCluster;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProviders;
import io.toggleworks.testkit.mq.MessageQueueConformanceTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The provider-independent queue suite on an in-process Kafka, found through {@code MqProvider=Kafka}. */
class KafkaMessageQueueConformanceTest extends MessageQueueConformanceTest {
    static final int MAX_DELIVERIES = 3;
    private static KafkaTestCluster kafka;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * Several partitions, so that ordering across partitions and competing consumers are really exercised; short
     * intervals so that a hung member leaves the group within a test's patience.
     */
    static ProviderConfig fastConfig(KafkaTestCluster kafka) {
        return ProviderConfig.of(Map.ofEntries(
                Map.entry("MqProvider", "Kafka"),
                Map.entry("Kafka__Producer__bootstrap.servers", kafka.bootstrapServers()),
                Map.entry("Kafka__Consumer__bootstrap.servers", kafka.bootstrapServers()),
                Map.entry("Kafka__Consumer__max.poll.interval.ms", "8000"),
                Map.entry("Kafka__Consumer__session.timeout.ms", "6000"),
                Map.entry("Kafka__Consumer__heartbeat.interval.ms", "500"),
                Map.entry("Kafka__Consumer__reconnect.backoff.max.ms", "500"),
                Map.entry("Kafka__Producer__reconnect.backoff.max.ms", "500"),
                Map.entry("Kafka__Topics__Partitions", "3"),
                Map.entry("Kafka__Topics__ReplicationFactor", "1"),
                Map.entry("Kafka__Topics__featbit-insights__Partitions", "4"),
                Map.entry("Kafka__Queue__BatchSize", "40"),
                Map.entry("Kafka__Queue__PollIntervalMs", "200"),
                Map.entry("Kafka__Queue__MaxDeliveries", Integer.toString(MAX_DELIVERIES)),
                Map.entry("Kafka__Queue__RetryDelayMs", "50"),
                Map.entry("Kafka__Queue__CloseTimeoutMs", "1000")));
    }

    @Override
    protected MessageQueue openQueue() {
        return MessageQueueProviders.create(fastConfig(kafka), "None");
    }

    @Override
    protected void interruptConnections() {
        kafka.restartBroker();
    }

    @Override
    protected Optional<List<String>> parkedPayloads(String topic) {
        return Optional.of(readAll(kafka, KafkaTopics.parked(topic)));
    }

    @Override
    protected int maxDeliveries() {
        return MAX_DELIVERIES;
    }

    /** Every value on {@code topic}, from the beginning. */
    static List<String> readAll(KafkaTestCluster kafka, String topic) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
