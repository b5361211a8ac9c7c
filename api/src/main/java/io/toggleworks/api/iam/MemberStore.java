package io.toggleworks.api.iam;

import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Members: users joined with their organization membership (api.md §3.4). */
public interface MemberStore {
    record Member(UUID id, String email, String name, UUID invitorId, String initialPassword, Instant createdAt) {
    }

    Optional<Member> find(UUID organizationId, UUID memberId);

    /**
     * A page of the organization's members, newest membership first (then by email), optionally those whose email
     * or name contains {@code searchText} (ignoring case).
     */
    PagedResult<Member> list(UUID organizationId, String searchText, Paging paging);

    /** Every member (filtered as {@link #list}), by email. */
    List<Member> all(UUID organizationId, String searchText);

    List<UUID> memberIdsWithPolicy(UUID organizationId, UUID policyId);

    List<UUID> directPolicyIds(UUID organizationId, UUID memberId);

    /** Removes the member from the organization with all its IAM links (the membership last: a retry finishes it). */
    void removeFromOrganization(UUID organizationId, UUID memberId);

    /** How many organizations of the workspace the user is a member of. */
    long organizationsInWorkspace(UUID workspaceId, UUID userId);

    List<UUID> organizationIdsInWorkspace(UUID workspaceId, UUID userId);

    /** Leaves the workspace; a user in no workspace any more is deleted, as FeatBit does. */
    void removeFromWorkspace(UUID workspaceId, UUID userId);
}
