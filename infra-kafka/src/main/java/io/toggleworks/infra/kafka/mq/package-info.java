/**
 * The Kafka message queue ({@code MqProvider=Kafka}): FeatBit's topics and payloads, keyed by environment,
 * at-least-once job consumers that park poison messages, and real-time consumers that read every partition.
 * Decisions: ADR 0032.
 */
package io.toggleworks.infra.kafka.mq;
