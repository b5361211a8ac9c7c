package io.toggleworks.spi.store;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.segment.Segment;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the Evaluation Server reads (FeatBit's IStore, evaluation-server.md §7.2). Timestamps are Unix milliseconds;
 * "updated after" is strict and compares updatedAt truncated to milliseconds. Methods throw
 * {@link StoreUnavailableException} when the backing store cannot be reached.
 */
public interface EvaluationStore extends AutoCloseable {
    List<FeatureFlag> flagsUpdatedAfter(UUID envId, long timestampMs);

    List<FeatureFlag> flagsByIds(Collection<UUID> ids);

    Optional<Segment> segment(UUID id);

    /** Environment-specific segments of this env plus shared segments whose scope covers it, envId set to it. */
    List<Segment> segmentsUpdatedAfter(UUID envId, long timestampMs);

    Optional<SecretRecord> secret(String secret);

    boolean isAvailable();

    @Override
    void close();
}
