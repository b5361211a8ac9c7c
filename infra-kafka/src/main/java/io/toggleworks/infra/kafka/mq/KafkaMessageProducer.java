package io.toggleworks.infra.kafka.mq;

import io.toggleworks.spi.mq.MessageProducer;
import io.toggleworks.spi.mq.Topics;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends the bare JSON as the record value, keyed by the message's environment id ({@link MessageKeys}), exactly what
 * a FeatBit consumer reads. Real-time messages also carry a {@link KafkaTopics#SEQUENCE_HEADER} header: the
 * producer's id and a counter, which our real-time consumers use to deliver one producer's messages in the order
 * they were sent even though the two change topics (and their partitions) are fetched independently. FeatBit
 * consumers ignore headers.
 *
 * <p>Sending never throws: the client retries for {@code delivery.timeout.ms}, and a send that still fails with a
 * retriable error is sent again up to {@code PublishAttempts} times before it is logged as lost.
 */
final class KafkaMessageProducer implements MessageProducer {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaMessageProducer.class);

    private final Producer<String, String> producer;
    private final int attempts;
    private final String producerId = UUID.randomUUID().toString();
    private final ReentrantLock realtimeOrder = new ReentrantLock();
    private long sequence;

    KafkaMessageProducer(Producer<String, String> producer, int attempts) {
        this.producer = producer;
        this.attempts = attempts;
    }

    @Override
    public void publish(String topic, String jsonPayload) {
        if (jsonPayload == null) {
            return;
        }
        String key = MessageKeys.envId(jsonPayload).orElse(null);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, key, jsonPayload);
        if (Topics.isRealTime(topic)) {
            // Number and hand over under one lock, so that sequence order is send order on every partition.
            realtimeOrder.lock();
            try {
                record.headers().add(new RecordHeader(KafkaTopics.SEQUENCE_HEADER,
                        (producerId + ":" + sequence++).getBytes(StandardCharsets.US_ASCII)));
                send(record, 1);
            } finally {
                realtimeOrder.unlock();
            }
        } else {
            send(record, 1);
        }
    }

    @Override
    public void publishAll(String topic, List<String> jsonPayloads) {
        jsonPayloads.forEach(p -> publish(topic, p));
    }

    private void send(ProducerRecord<String, String> record, int attempt) {
        Callback callback = (metadata, error) -> {
            if (error == null) {
                return;
            }
            if (error instanceof RetriableException && attempt < attempts) {
                LOG.warn("Kafka send to {} failed ({}), sending again (attempt {} of {})",
                        record.topic(), error.toString(), attempt + 1, attempts);
                // Not on the client's I/O thread: send() may block while the buffer is full.
                Thread.ofVirtual().name("kafka-resend").start(() -> send(record, attempt + 1));
            } else {
                LOG.error("Kafka message on {} lost after {} attempt(s): {}", record.topic(), attempt, error.toString());
            }
        };
        try {
            producer.send(record, callback);
        } catch (RuntimeException e) {
            // Buffer full past max.block.ms, metadata unavailable, or the producer closed.
            callback.onCompletion(null, e);
        }
    }
}
