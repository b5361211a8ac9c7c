package io.toggleworks.api.iam;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Groups of an organization (api.md §3.13) with their members and policies. */
public interface GroupStore {
    Optional<Group> find(UUID organizationId, UUID id);

    /** The organization's groups, newest first, optionally those whose name contains {@code name} (ignoring case). */
    List<Group> list(UUID organizationId, String name);

    /** Whether another group than {@code exceptId} has this name, ignoring case. */
    boolean nameUsed(UUID organizationId, String name, UUID exceptId);

    void insert(Group g);

    void update(UUID id, String name, String description);

    /** Deletes the group, its memberships and policy links (links first, so a retry finishes a half-done delete). */
    void delete(UUID id);

    /** Ids of the groups of a member. */
    List<UUID> groupIdsOf(UUID organizationId, UUID memberId);

    List<UUID> memberIdsOf(UUID groupId);

    List<UUID> policyIdsOf(UUID groupId);

    List<UUID> groupIdsWithPolicy(UUID policyId);

    /** Links a policy to the group; linking it again changes nothing. */
    void addPolicy(UUID groupId, UUID policyId);

    void removePolicy(UUID groupId, UUID policyId);
}
