package io.toggleworks.portal.apiclient;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A known end-user property (suggested in rule editors). */
public record EndUserProperty(String id, String envId, String name, List<PresetValue> presetValues, boolean usePresetValuesOnly, @JsonProperty("isBuiltIn") boolean isBuiltIn, @JsonProperty("isDigestField") boolean isDigestField, String remark) {
}
