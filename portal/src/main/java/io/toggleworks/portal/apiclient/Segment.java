package io.toggleworks.portal.apiclient;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** The segment document. */
public record Segment(String id, String workspaceId, String envId, String name, String key, String type, List<String> scopes, String description, List<String> included, List<String> excluded, List<MatchRule> rules, List<String> tags, @JsonProperty("isArchived") boolean isArchived, @JsonProperty("isEnvironmentSpecific") boolean isEnvironmentSpecific, Instant createdAt, Instant updatedAt) {
}
