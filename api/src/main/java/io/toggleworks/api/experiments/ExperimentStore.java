package io.toggleworks.api.experiments;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Experiments (FeatBit's {@code Experiments}; {@code iterations} in FeatBit's camelCase shape); one implementation per
 * {@code DbProvider} (ADR 0052).
 */
public interface ExperimentStore {
    record StatusCount(String status, long count) {
    }

    void insert(Experiment experiment);

    /**
     * Saves status, archive flag, iterations and updatedAt of {@code after} if the stored experiment is unchanged since
     * {@code before} was read (its {@code updatedAt}, the concurrency token); false when another request changed it
     * first. One atomic single-row/single-document write.
     */
    boolean update(Experiment after, Experiment before);

    Optional<Experiment> find(UUID envId, UUID id);

    /** The oldest live (not archived) experiment of the flag and metric in the environment. */
    Optional<Experiment> findLive(UUID envId, UUID flagId, UUID metricId);

    /** Whether a live experiment measures the metric. */
    boolean metricInUse(UUID metricId);

    /** Live experiments of the environment, newest first (then by id), optionally of one flag. */
    List<Experiment> listLive(UUID envId, Optional<UUID> flagId);

    /** Live experiments per status, ordered by status. */
    List<StatusCount> statusCount(UUID envId);

    static Instant now() {
        return ExperimentMetricStore.now();
    }
}
