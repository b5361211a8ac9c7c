package io.toggleworks.portal.apiclient;

import java.time.Instant;
import java.util.List;

/** An environment of a project. */
public record Environment(String id, String projectId, String name, String key, String description, List<Secret> secrets, EnvSettings settings, Instant createdAt, Instant updatedAt) {
}
