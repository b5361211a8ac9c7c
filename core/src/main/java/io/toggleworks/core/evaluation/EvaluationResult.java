package io.toggleworks.core.evaluation;

import io.toggleworks.core.flag.Variation;

import java.util.Objects;
import java.util.Optional;

/**
 * What the evaluator decided for one flag and one user (evaluation-server.md §5.7).
 *
 * @param variation        the served variation; empty when FeatBit serves null (archived flag, unknown variation id)
 * @param matchReason      FeatBit's reason string: {@code flag archived}, {@code flag disabled}, {@code targeted},
 *                         the matched rule's name, or {@code default}. Null only when the matched rule has no name,
 *                         because FeatBit then reports JSON null.
 * @param sendToExperiment whether SDKs should report this evaluation as an experiment exposure (§5.6)
 */
public record EvaluationResult(Optional<Variation> variation, String matchReason, boolean sendToExperiment) {
    public static final String FLAG_ARCHIVED = "flag archived";
    public static final String FLAG_DISABLED = "flag disabled";
    public static final String TARGETED = "targeted";
    public static final String DEFAULT = "default";

    public EvaluationResult {
        Objects.requireNonNull(variation, "variation");
    }

    /** Served to archived flags; shared, since results are immutable. */
    public static final EvaluationResult ARCHIVED = new EvaluationResult(Optional.empty(), FLAG_ARCHIVED, false);

    public static EvaluationResult of(Variation variation, String matchReason, boolean sendToExperiment) {
        return new EvaluationResult(Optional.ofNullable(variation), matchReason, sendToExperiment);
    }
}
