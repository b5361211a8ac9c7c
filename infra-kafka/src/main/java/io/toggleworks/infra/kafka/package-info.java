/** Kafka implementation of the message queue (MqProvider=Kafka). */
package io.toggleworks.infra.kafka;
