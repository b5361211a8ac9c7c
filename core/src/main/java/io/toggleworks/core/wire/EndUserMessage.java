package io.toggleworks.core.wire;

import io.toggleworks.core.enduser.CustomizedProperty;
import io.toggleworks.core.enduser.EndUser;

import java.util.List;
import java.util.UUID;

/** Published on {@code featbit-endusers} so the API records the users SDKs see (evaluation-server.md §6.3). */
public record EndUserMessage(UUID envId, String keyId, String name, List<CustomizedProperty> customizedProperties) {
    public EndUserMessage {
        customizedProperties = customizedProperties == null ? List.of() : List.copyOf(customizedProperties);
    }

    /** FeatBit substitutes {@code ""} for a null key or name and {@code []} for null properties. */
    public static EndUserMessage of(UUID envId, EndUser user) {
        return new EndUserMessage(envId,
                user.keyId() == null ? "" : user.keyId(),
                user.name() == null ? "" : user.name(),
                user.customizedProperties());
    }
}
