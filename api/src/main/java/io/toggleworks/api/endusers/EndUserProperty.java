package io.toggleworks.api.endusers;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A known end-user attribute of an environment; {@code keyId} and {@code name} are built in and read-only. */
public record EndUserProperty(UUID id, UUID envId, String name, List<PresetValue> presetValues,
                              boolean usePresetValuesOnly, @JsonProperty("isBuiltIn") boolean isBuiltIn,
                              @JsonProperty("isDigestField") boolean isDigestField, String remark,
                              Instant createdAt, Instant updatedAt) {
    public EndUserProperty {
        presetValues = presetValues == null ? List.of() : List.copyOf(presetValues);
        remark = remark == null ? "" : remark;
    }

    public record PresetValue(String id, String value, String description) {
    }
}
