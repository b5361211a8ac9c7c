package io.toggleworks.portal.apiclient;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** A flag list item. */
public record FeatureFlagVm(String id, String name, String description, String key, @JsonProperty("isEnabled") boolean isEnabled, String variationType, List<Variation> variations, Instant createdAt, Instant updatedAt, UserRef creator, Serves serves, List<String> tags, LastChange lastChange) {
}
