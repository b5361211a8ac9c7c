package io.toggleworks.api.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Organizations and their members ({@code organizations}, {@code organization_users} / their collections). */
public interface OrganizationStore {
    Optional<Organization> find(UUID id);

    /** The user's organizations, oldest first; only those of {@code workspaceId} when given. */
    List<Organization> ofUser(UUID userId, Optional<UUID> workspaceId);

    /** The workspace's organizations, oldest first. */
    List<Organization> ofWorkspace(UUID workspaceId);

    /** Whether another organization of the workspace than {@code exceptId} has this key, ignoring case. */
    boolean keyUsed(UUID workspaceId, String key, UUID exceptId);

    void insert(Organization o);

    /** Name, key, initialized, default permissions and settings. */
    void update(Organization o);

    boolean isMember(UUID organizationId, UUID userId);

    /** Idempotent: a member stays as is. {@code invitorId} may be null. */
    void addMember(UUID organizationId, UUID userId, UUID invitorId);

    /** How many of {@code groupIds} (distinct) are groups of the organization. */
    long groupsFound(UUID organizationId, List<UUID> groupIds);

    /**
     * Deletes the organization and everything it owns outside projects (which the caller deletes first); the
     * organization itself goes last, so a retry of a half-done deletion finds it and finishes.
     */
    void delete(UUID organizationId);
}
