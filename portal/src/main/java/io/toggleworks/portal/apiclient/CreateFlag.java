package io.toggleworks.portal.apiclient;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of POST feature-flags. */
public record CreateFlag(String name, String key, @JsonProperty("isEnabled") boolean isEnabled, String description, String variationType, List<Variation> variations, String enabledVariationId, String disabledVariationId, List<String> tags) {
}
