package io.toggleworks.api.iam;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the policy editor's resource pickers list: organizations, projects and environments (read only). */
public interface ResourceStore {
    record OrganizationRef(UUID id, String name, String key) {
    }

    record ProjectRef(UUID id, String name, String key) {
    }

    /** An environment with the name and key of its project. */
    record EnvRef(UUID id, String name, String key, String projectName, String projectKey) {
    }

    /** The organization's projects by name, optionally those whose name contains {@code name} (ignoring case). */
    List<ProjectRef> projects(UUID organizationId, String name);

    /**
     * The organization's environments by project name then name, optionally those whose name or project name
     * contains {@code name} (ignoring case).
     */
    List<EnvRef> envs(UUID organizationId, String name);

    /** The environments of a project, by name. */
    List<EnvRef> envsOfProject(UUID projectId);

    Optional<OrganizationRef> organization(UUID id);

    /** The organizations of the workspace of {@code organizationId} that the user is a member of. */
    List<UUID> organizationsOfUserInWorkspaceOf(UUID organizationId, UUID userId);
}
