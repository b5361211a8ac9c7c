package io.toggleworks.core.wire;

import io.toggleworks.core.enduser.EndUser;

import java.util.List;
import java.util.Optional;

/**
 * One element of the array SDKs post to {@code /api/public/insight/track} (evaluation-server.md §6.1): a user with
 * the flag evaluations and custom metrics recorded for it. Elements without a user (or with a blank keyId) are
 * dropped by the server.
 */
public record TrackEvent(EndUser user, List<FlagEvaluationEvent> variations, List<MetricEvent> metrics) {
    public TrackEvent {
        variations = variations == null ? List.of() : List.copyOf(variations);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    /** The user, when it has a non-blank keyId (the server's validity rule). */
    public Optional<EndUser> validUser() {
        return user == null || user.keyId() == null || user.keyId().isBlank() ? Optional.empty() : Optional.of(user);
    }

    /**
     * One flag evaluation an SDK reports. {@code variation} may be null (FeatBit then skips the insight but still
     * counts the evaluation in usage). Extra SDK fields ({@code name}, {@code reason}) are ignored.
     */
    public record FlagEvaluationEvent(String featureFlagKey, boolean sendToExperiment, long timestamp, VariationOption variation) {
        public Optional<VariationOption> variationIfAny() {
            return Optional.ofNullable(variation);
        }
    }

    /** One custom metric. FeatBit holds the value as a 32-bit float. */
    public record MetricEvent(String route, String type, String eventName, float numericValue, String appType, long timestamp) {
    }
}
