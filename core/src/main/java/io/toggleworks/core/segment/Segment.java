package io.toggleworks.core.segment;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A segment in its environment-specific form, as SDKs receive it (evaluation-server.md §4.2). For a shared segment
 * {@code envId} is the environment it is being served to.
 */
public record Segment(
        UUID id,
        UUID envId,
        String name,
        String key,
        String description,
        List<String> included,
        List<String> excluded,
        List<MatchRule> rules,
        List<String> tags,
        @JsonProperty("isArchived") boolean isArchived,
        Instant createdAt,
        Instant updatedAt) {

    public Segment {
        included = included == null ? List.of() : List.copyOf(included);
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
        rules = rules == null ? List.of() : List.copyOf(rules);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The same segment served to another environment (shared segments). */
    public Segment withEnvId(UUID newEnvId) {
        return new Segment(id, newEnvId, name, key, description, included, excluded, rules, tags, isArchived, createdAt, updatedAt);
    }

    public long version() {
        return updatedAt == null ? 0L : updatedAt.toEpochMilli();
    }
}
