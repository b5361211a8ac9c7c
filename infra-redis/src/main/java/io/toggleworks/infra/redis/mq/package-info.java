/**
 * {@code MqProvider=Redis}: FeatBit's pub/sub channels and job lists, made reliable with per-consumer processing
 * lists and a real-time replay stream (ADR 0031). Entry point: {@link io.toggleworks.infra.redis.mq.RedisMessageQueueProvider}.
 */
package io.toggleworks.infra.redis.mq;
