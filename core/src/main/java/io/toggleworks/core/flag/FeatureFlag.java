package io.toggleworks.core.flag;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A feature flag as FeatBit's back end serializes it (the document server SDKs receive, evaluation-server.md §4.1).
 * Nullable components mirror fields that FeatBit writes as JSON null or omits (Postgres-assembled documents have no
 * revision, creatorId or updatorId); accessors that callers outside core use return Optional.
 */
public record FeatureFlag(
        UUID id,
        UUID envId,
        UUID revision,
        String name,
        String description,
        String key,
        String variationType,
        List<Variation> variations,
        List<TargetUser> targetUsers,
        List<TargetRule> rules,
        @JsonProperty("isEnabled") boolean isEnabled,
        String disabledVariationId,
        Fallthrough fallthrough,
        boolean exptIncludeAllTargets,
        List<String> tags,
        @JsonProperty("isArchived") boolean isArchived,
        Instant createdAt,
        Instant updatedAt,
        UUID creatorId,
        UUID updatorId) {

    public FeatureFlag {
        variations = variations == null ? List.of() : List.copyOf(variations);
        targetUsers = targetUsers == null ? List.of() : List.copyOf(targetUsers);
        rules = rules == null ? List.of() : List.copyOf(rules);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The variation with this id, if the flag has one. */
    public Optional<Variation> variation(String variationId) {
        for (Variation v : variations) {
            if (v.id().equals(variationId)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The SDK sync version: updatedAt in Unix milliseconds, truncated (evaluation-server.md §4.8). */
    public long version() {
        return updatedAt == null ? 0L : updatedAt.toEpochMilli();
    }
}
