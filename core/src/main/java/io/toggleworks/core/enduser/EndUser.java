package io.toggleworks.core.enduser;

import java.util.List;

/** The end user a flag is evaluated for (evaluation-server.md §4.5). {@code name} may be null. */
public record EndUser(String keyId, String name, List<CustomizedProperty> customizedProperties) {
    public EndUser {
        customizedProperties = customizedProperties == null ? List.of() : List.copyOf(customizedProperties);
    }

    public static EndUser of(String keyId, String name) {
        return new EndUser(keyId, name, List.of());
    }
}
