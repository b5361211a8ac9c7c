package io.toggleworks.els.evaluation;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.evaluation.EvaluationResult;
import io.toggleworks.core.evaluation.Evaluator;
import io.toggleworks.core.evaluation.SegmentLookup;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.wire.ClientSdkFlag;
import io.toggleworks.els.data.EnvironmentData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;

/**
 * Evaluates flags for client SDKs and the evaluate endpoint. FeatBit aborts a whole reply when one flag cannot be
 * evaluated (evaluation-server.md §5.8); we leave that flag out and log, so one malformed flag never hides the rest.
 */
public final class FlagEvaluation {
    private static final Logger log = LoggerFactory.getLogger(FlagEvaluation.class);
    /**
     * One evaluator for the process: it compiles each flag instance once and caches it by identity, and the flags
     * held in memory are long-lived instances, so repeated evaluations cost no parsing.
     */
    private static final Evaluator EVALUATOR = new Evaluator(Evaluator.DEFAULT_REGEX_TIME_LIMIT, 65_536);

    private FlagEvaluation() {
    }

    public static SegmentLookup segmentsOf(EnvironmentData env) {
        return id -> {
            try {
                return env.segment(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        };
    }

    public static Optional<EvaluationResult> evaluate(FeatureFlag flag, EndUser user, SegmentLookup segments) {
        try {
            return Optional.of(EVALUATOR.evaluate(flag, user, segments));
        } catch (RuntimeException e) {
            log.warn("flag {} ({}) cannot be evaluated: {}", flag.key(), flag.id(), e.toString());
            return Optional.empty();
        }
    }

    public static Optional<ClientSdkFlag> clientFlag(FeatureFlag flag, EndUser user, SegmentLookup segments) {
        return evaluate(flag, user, segments).map(r -> ClientSdkFlag.of(flag, r));
    }
}
