package io.toggleworks.api.iam;

import java.time.Instant;
import java.util.UUID;

/** A group of members in an organization (api.md §3.13). */
public record Group(UUID id, UUID organizationId, String name, String description, Instant createdAt, Instant updatedAt) {
}
