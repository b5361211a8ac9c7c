package io.toggleworks.portal.apiclient;

import java.time.Instant;
import java.util.List;

/** An end user of an environment. */
public record EndUser(String id, String workspaceId, String envId, String keyId, String name, List<UserProperty> customizedProperties, Instant createdAt, Instant updatedAt) {
}
