package io.toggleworks.api.iam;

import java.util.UUID;

/** The links of members: direct policies and group memberships. Adding a link twice leaves one. */
public interface MemberPolicyStore {
    void grant(UUID organizationId, UUID memberId, UUID policyId);

    void revoke(UUID organizationId, UUID memberId, UUID policyId);

    void addToGroup(UUID organizationId, UUID groupId, UUID memberId);

    void removeFromGroup(UUID organizationId, UUID groupId, UUID memberId);

    /** Removes every IAM link of a member in an organization (when they leave it). */
    void removeMember(UUID organizationId, UUID memberId);
}
