package io.toggleworks.infra.kafka.mq;

import io.toggleworks.infra.kafka.testing.KafkaTestCluster;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProviders;
import io.toggleworks.spi.mq.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What a FeatBit service sharing the cluster sees of our messages, and we of theirs. */
@Timeout(120)
class KafkaQueueWireCompatibilityTest {
    private static final String ENV = "0d7c1c5e-3f0a-4a63-9e0b-6c1f0f7d2a11";
    private static KafkaTestCluster kafka;
    private static MessageQueue queue;

    @BeforeAll
    static void start() {
        kafka = KafkaTestCluster.start();
        queue = MessageQueueProviders.create(KafkaMessageQueueConformanceTest.fastConfig(kafka), "None");
    }

    @AfterAll
    static void stop() {
        if (queue != null) {
            queue.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyTopicIsCreatedAtStartWithTheConfiguredPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            var names = admin.listTopics().names().get();
            assertThat(names).contains(Topics.FEATURE_FLAG_CHANGE, Topics.SEGMENT_CHANGE, Topics.END_USERS,
                    Topics.INSIGHTS, Topics.USAGE, "toggleworks.parked.featbit-endusers");
            var usage = admin.describeTopics(List.of(Topics.USAGE)).allTopicNames().get().get(Topics.USAGE);
            assertThat(usage.partitions()).hasSize(3);
            var insights = admin.describeTopics(List.of(Topics.INSIGHTS)).allTopicNames().get().get(Topics.INSIGHTS);
            assertThat(insights.partitions()).as("Kafka__Topics__featbit-insights__Partitions").hasSize(4);
        }
        // A second instance finds them and starts as well.
        MessageQueueProviders.create(KafkaMessageQueueConformanceTest.fastConfig(kafka), "None").close();
    }

    @Test
    void jobMessagesAreBareJsonKeyedByEnvironment() {
        String user = "{\"envId\":\"" + ENV + "\",\"keyId\":\"u1\",\"name\":\"Ann\",\"customizedProperties\":[]}";
        queue.producer().publish(Topics.END_USERS, user);
        ConsumerRecord<String, String> got = readUntil(Topics.END_USERS, user);
        assertThat(got.key()).isEqualTo(ENV);
        assertThat(got.headers().toArray()).isEmpty();
    }

    @Test
    void aFeatBitApisUnkeyedChangeReachesOurRealtimeConsumer() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        var consumer = queue.realtimeConsumer();
        consumer.start((topic, json) -> received.add(topic + " " + json));
        String flag = "{\"id\":\"f1\",\"envId\":\"" + ENV + "\",\"key\":\"featbit-says-hi-" + System.nanoTime() + "\"}";
        try (var featbit = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!received.contains(Topics.FEATURE_FLAG_CHANGE + " " + flag) && System.nanoTime() < deadline) {
                featbit.send(new ProducerRecord<>(Topics.FEATURE_FLAG_CHANGE, flag)).get();
                Thread.sleep(200);
            }
        } finally {
            consumer.close();
        }
        assertThat(received).contains(Topics.FEATURE_FLAG_CHANGE + " " + flag);
    }

    @Test
    void aParkedMessageKeepsItsPayloadAndSaysWhy() {
        String poison = "{broken " + System.nanoTime();
        queue.producer().publish(Topics.USAGE, poison);
        var jobs = queue.jobConsumer();
        jobs.start(Topics.USAGE, batch -> {
            if (batch.stream().anyMatch(m -> m.jsonPayload().equals(poison))) {
                throw new IllegalArgumentException("malformed JSON");
            }
        });
        try {
            ConsumerRecord<String, String> parked = readUntil("toggleworks.parked." + Topics.USAGE, poison);
            assertThat(new String(parked.headers().lastHeader("error").value())).contains("malformed JSON");
            assertThat(new String(parked.headers().lastHeader("deliveries").value()))
                    .isEqualTo(Integer.toString(KafkaMessageQueueConformanceTest.MAX_DELIVERIES));
        } finally {
            jobs.close();
        }
    }

    @Test
    void aChangePublishedWhileAnEvaluationServerStartsIsNotMissed() throws Exception {
        String flag = "{\"id\":\"f2\",\"envId\":\"" + ENV + "\",\"key\":\"before-start-" + System.nanoTime() + "\"}";
        queue.producer().publish(Topics.FEATURE_FLAG_CHANGE, flag);
        readUntil(Topics.FEATURE_FLAG_CHANGE, flag); // stored before the consumer exists
        List<String> received = new CopyOnWriteArrayList<>();
        var consumer = queue.realtimeConsumer();
        consumer.start((topic, json) -> received.add(json));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!received.contains(flag) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(received).as("RealtimeReplayMs covers the start-up").contains(flag);
        } finally {
            consumer.close();
        }
    }

    @Test
    void oneJobConsumerServesSeveralTopicsAsTheApiStartsIt() throws Exception {
        String tag = "several-" + System.nanoTime();
        List<String> got = new CopyOnWriteArrayList<>();
        var jobs = queue.jobConsumer();
        jobs.start(Topics.END_USERS, batch -> batch.forEach(m -> got.add(m.topic() + " " + m.jsonPayload())));
        jobs.start(Topics.INSIGHTS, batch -> batch.forEach(m -> got.add(m.topic() + " " + m.jsonPayload())));
        try {
            String user = "{\"tag\":\"" + tag + "\",\"envId\":\"" + ENV + "\"}";
            String insight = "{\"tag\":\"" + tag + "\",\"env_id\":\"" + ENV + "\"}";
            queue.producer().publish(Topics.END_USERS, user);
            queue.producer().publish(Topics.INSIGHTS, insight);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (got.stream().filter(s -> s.contains(tag)).count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(got).contains(Topics.END_USERS + " " + user, Topics.INSIGHTS + " " + insight);
        } finally {
            jobs.close();
        }
    }

    private static ConsumerRecord<String, String> readUntil(String topic, String value) {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (value.equals(r.value())) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no record " + value + " on " + topic);
    }
}
