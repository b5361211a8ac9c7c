package io.toggleworks.spi.analytics;

import java.time.Instant;

/** How many evaluations served {@code variationId} in the bucket that starts at {@code bucketStart}. */
public record BucketCount(Instant bucketStart, String variationId, long count) {
}
