/**
 * The FeatBit-compatible Redis cache ({@code CacheProvider=Redis}, infrastructure-and-analytics.md §3): the API
 * writes it ({@link io.toggleworks.infra.redis.cache.RedisFlagCache}), the Evaluation Server reads it
 * ({@link io.toggleworks.infra.redis.cache.RedisEvaluationStore}). Keys, types, scores and JSON are FeatBit's, so a
 * FeatBit ELS can read what we write and ours can read what FeatBit's API writes.
 */
package io.toggleworks.infra.redis.cache;
