package io.toggleworks.api.endusers;

import io.toggleworks.core.enduser.CustomizedProperty;
import io.toggleworks.core.enduser.EndUser;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An end user as the API stores and returns it (api.md §3.8); {@code workspaceId} is set for global users only. */
public record EndUserRecord(UUID id, UUID workspaceId, UUID envId, String keyId, String name,
                            List<CustomizedProperty> customizedProperties, Instant createdAt, Instant updatedAt) {
    public EndUserRecord {
        customizedProperties = customizedProperties == null ? List.of() : List.copyOf(customizedProperties);
    }

    /** The user the evaluator sees. */
    public EndUser toUser() {
        return new EndUser(keyId, name, customizedProperties);
    }
}
