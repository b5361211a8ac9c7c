package io.toggleworks.api.segments;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.toggleworks.core.segment.MatchRule;
import io.toggleworks.core.segment.Segment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A segment as the API stores and returns it (api.md §3.7): environment-specific, or shared across the
 * environments its {@code scopes} (v2 resource names) cover. {@link #toWire} gives the environment-specific form
 * the ELS receives (evaluation-server.md §4.2).
 */
public record SegmentEntity(
        UUID id,
        UUID workspaceId,
        UUID envId,
        String name,
        String key,
        String type,
        List<String> scopes,
        String description,
        List<String> included,
        List<String> excluded,
        List<MatchRule> rules,
        List<String> tags,
        @JsonProperty("isArchived") boolean isArchived,
        Instant createdAt,
        Instant updatedAt) {
    public static final String ENVIRONMENT_SPECIFIC = "environment-specific";
    public static final String SHARED = "shared";

    public SegmentEntity {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        included = included == null ? List.of() : List.copyOf(included);
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
        rules = rules == null ? List.of() : List.copyOf(rules);
        tags = tags == null ? List.of() : List.copyOf(tags);
        description = description == null ? "" : description;
    }

    @JsonProperty("isEnvironmentSpecific")
    public boolean isEnvironmentSpecific() {
        return !SHARED.equals(type);
    }

    public Segment toWire(UUID targetEnvId) {
        return new Segment(id, targetEnvId, name, key, description, included, excluded, rules, tags, isArchived, createdAt, updatedAt);
    }

    /** As listed in environment {@code envId}: FeatBit overwrites envId with the listing environment. */
    public SegmentEntity listedIn(UUID listingEnvId) {
        return new SegmentEntity(id, workspaceId, listingEnvId, name, key, type, scopes, description, included, excluded,
                rules, tags, isArchived, createdAt, updatedAt);
    }

    public SegmentEntity with(String name, String description, List<String> tags, List<String> included,
                              List<String> excluded, List<MatchRule> rules, boolean archived, Instant updatedAt) {
        return new SegmentEntity(id, workspaceId, envId, name, key, type, scopes, description, included, excluded, rules,
                tags, archived, createdAt, updatedAt);
    }
}
