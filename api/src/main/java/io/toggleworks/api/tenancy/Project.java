package io.toggleworks.api.tenancy;

import java.time.Instant;
import java.util.UUID;

/** A project (api.md §3.5). */
public record Project(UUID id, UUID organizationId, String name, String key, Instant createdAt, Instant updatedAt) {
}
