package io.toggleworks.spi.mq;

import java.util.List;

/**
 * Publishes a JSON message on a topic. Real-time topics reach every subscribed instance; job topics are stored
 * until one consumer has handled them. Implementations never throw on a transient outage of the broker: they log,
 * and for job topics they keep the message for a retry where the technology allows.
 */
public interface MessageProducer {
    void publish(String topic, String jsonPayload);

    /**
     * Publishes several messages on one topic, in list order. Providers may write them in one round trip (the
     * Evaluation Server emits several job messages per track request); the default publishes them one by one.
     */
    default void publishAll(String topic, List<String> jsonPayloads) {
        for (String payload : jsonPayloads) {
            publish(topic, payload);
        }
    }
}
