package io.toggleworks.api.security;

import java.util.Optional;
import java.util.UUID;

/** Membership facts the authentication step checks on every request (which FeatBit does not: api.md §11.1). */
public interface TenantMembership {
    boolean userExists(UUID userId);

    boolean inWorkspace(UUID userId, UUID workspaceId);

    boolean inOrganization(UUID userId, UUID organizationId);

    Optional<UUID> workspaceOf(UUID organizationId);
}
