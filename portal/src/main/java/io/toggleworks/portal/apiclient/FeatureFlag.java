package io.toggleworks.portal.apiclient;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** The flag document as the API returns it. */
public record FeatureFlag(String id, String envId, String revision, String name, String description, String key, String variationType, List<Variation> variations, List<TargetUser> targetUsers, List<TargetRule> rules, @JsonProperty("isEnabled") boolean isEnabled, String disabledVariationId, Fallthrough fallthrough, boolean exptIncludeAllTargets, List<String> tags, @JsonProperty("isArchived") boolean isArchived, Instant createdAt, Instant updatedAt, String creatorId, String updatorId) {
}
