package io.toggleworks.api.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * IAM policies (api.md §3.13) and the links that grant them (member policies, group policies). Built-in policies
 * have no organization and are visible in every organization.
 */
public interface PolicyStore {
    /**
     * A member's policies in an organization: direct ones and those of their groups, oldest first, de-duplicated by
     * policy name as FeatBit does.
     */
    List<Policy> policiesOfMember(UUID organizationId, UUID memberId);

    /** The statements of all of a member's policies, concatenated (their permissions). */
    default List<PolicyStatement> statementsOfMember(UUID organizationId, UUID memberId) {
        List<PolicyStatement> statements = new ArrayList<>();
        policiesOfMember(organizationId, memberId).forEach(p -> statements.addAll(p.statements()));
        return statements;
    }

    /** A policy visible in the organization: its own or a built-in one. */
    Optional<Policy> find(UUID organizationId, UUID id);

    /** Those of {@code ids} visible in the organization. */
    List<Policy> findAll(UUID organizationId, List<UUID> ids);

    /** A built-in policy ({@code sysManaged}) or one of the organization, by exact key. */
    Optional<Policy> findByKey(UUID organizationId, String key, boolean sysManaged);

    /** Whether a policy of the organization or a built-in one has this key, ignoring case. */
    boolean keyUsed(UUID organizationId, String key);

    /** Organization policies and every built-in one, newest first (then by name), optionally filtered by name. */
    List<Policy> list(UUID organizationId, String name);

    void insert(Policy p);

    void updateSettings(UUID id, String name, String description);

    void updateStatements(UUID id, List<PolicyStatement> statements);

    /** Deletes the policy and the links granting it (links first, so a retry finishes a half-done delete). */
    void delete(UUID id);
}
