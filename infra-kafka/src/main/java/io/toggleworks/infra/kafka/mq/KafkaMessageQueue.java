package io.toggleworks.infra.kafka.mq;

import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.MessageProducer;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.RealtimeConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code MqProvider=Kafka}: FeatBit's five topics (created at start when missing), one shared producer, real-time
 * consumers that read every partition, and job consumers in one consumer group. See ADR 0032.
 */
final class KafkaMessageQueue implements MessageQueue {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaMessageQueue.class);
    /** FeatBit's group for the API's job consumers. */
    static final String DEFAULT_GROUP = "featbit-api";

    private final KafkaQueueSettings settings;
    private final KafkaClientSettings clients;
    private final Producer<String, String> producer;
    private final KafkaMessageProducer messageProducer;
    private final List<AutoCloseable> consumers = new CopyOnWriteArrayList<>();

    KafkaMessageQueue(KafkaClientSettings clients, KafkaQueueSettings settings) {
        this.settings = settings;
        this.clients = clients;
        Map<String, Object> producerProps = KafkaClientSettings.admin(clients.producer());
        TopicCreator.ensure(producerProps, settings);
        Map<String, Object> consumerAdmin = KafkaClientSettings.admin(clients.consumer());
        if (!Objects.equals(consumerAdmin.get("bootstrap.servers"), producerProps.get("bootstrap.servers"))) {
            TopicCreator.ensure(consumerAdmin, settings); // a mirrored consumer cluster (FeatBit's HA compose)
        }
        Map<String, Object> props = new HashMap<>(clients.producer());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // A publish runs on request threads: while the cluster is away and the buffer full, fail (and resend in the
        // background) after 5 s rather than the client's 60 s. librdkafka, FeatBit's client, does not block at all.
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        this.producer = new KafkaProducer<>(props);
        warmUp(producer);
        this.messageProducer = new KafkaMessageProducer(producer, settings.publishAttempts());
    }

    /**
     * Fetches the topics' metadata now, while the cluster is known to answer: a first send to a topic without
     * metadata blocks its caller (an API request) for up to {@code max.block.ms} if the cluster has gone away since.
     */
    private static void warmUp(Producer<String, String> producer) {
        for (String topic : KafkaTopics.all()) {
            try {
                producer.partitionsFor(topic);
            } catch (RuntimeException e) {
                LOG.warn("no metadata for Kafka topic {} yet: {}", topic, e.toString());
            }
        }
    }

    @Override
    public MessageProducer producer() {
        return messageProducer;
    }

    @Override
    public RealtimeConsumer realtimeConsumer() {
        KafkaRealtimeConsumer c = new KafkaRealtimeConsumer(this::realtimeClient, settings, KafkaTopics.realtime());
        consumers.add(c);
        return c;
    }

    @Override
    public JobConsumer jobConsumer() {
        KafkaJobConsumer c = new KafkaJobConsumer(this::jobClient, producer, settings);
        consumers.add(c);
        return c;
    }

    private Consumer<String, String> realtimeClient() {
        Map<String, Object> props = consumerProps();
        // Every instance reads every partition itself (assign), so there is no group and nothing to commit.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return new KafkaConsumer<>(props);
    }

    private Consumer<String, String> jobClient() {
        Map<String, Object> props = consumerProps();
        props.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, DEFAULT_GROUP);
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.batchSize()));
        return new KafkaConsumer<>(props);
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> props = new HashMap<>(clients.consumer());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return props;
    }

    @Override
    public void close() {
        for (AutoCloseable c : consumers) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing a Kafka consumer", e);
            }
        }
        consumers.clear();
        producer.close(Duration.ofSeconds(10)); // sends what is buffered first
    }
}
