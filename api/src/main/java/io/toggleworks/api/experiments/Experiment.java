package io.toggleworks.api.experiments;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An experiment of one flag against one metric (api.md §3.19); only one live (not archived) per flag and metric. */
public record Experiment(UUID id, UUID envId, UUID metricId, UUID featureFlagId,
                         @JsonProperty("isArchived") boolean isArchived, String status, String baselineVariationId,
                         List<ExperimentIteration> iterations, double alpha, Instant createdAt, Instant updatedAt) {
    public static final String NOT_STARTED = "NotStarted";
    public static final String PAUSED = "Paused";
    public static final String RECORDING = "Recording";
    public static final double DEFAULT_ALPHA = 0.05;

    public Experiment {
        iterations = iterations == null ? List.of() : List.copyOf(iterations);
    }

    Experiment with(String newStatus, boolean archived, List<ExperimentIteration> newIterations, Instant at) {
        return new Experiment(id, envId, metricId, featureFlagId, archived, newStatus, baselineVariationId,
                newIterations, alpha, createdAt, at);
    }
}
