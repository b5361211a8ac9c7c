package io.toggleworks.spi.mq;

/** One job message as delivered to a consumer; {@code id} identifies it within its provider. */
public record JobMessage(String id, String topic, String jsonPayload) {
}
