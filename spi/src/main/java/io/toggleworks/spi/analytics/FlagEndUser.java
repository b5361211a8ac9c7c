package io.toggleworks.spi.analytics;

import java.time.Instant;

/** One (variation, end user) pair: the user's name as last seen and the time of the last evaluation. */
public record FlagEndUser(String variationId, String keyId, String name, Instant lastEvaluatedAt) {
}
