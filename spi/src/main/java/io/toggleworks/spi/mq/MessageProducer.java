package io.toggleworks.spi.mq;

/**
 * Publishes a JSON message on a topic. Real-time topics reach every subscribed instance; job topics are stored
 * until one consumer has handled them. Implementations never throw on a transient outage of the broker: they log,
 * and for job topics they keep the message for a retry where the technology allows.
 */
public interface MessageProducer {
    void publish(String topic, String jsonPayload);
}
