package io.toggleworks.api.tenancy;

import java.util.Optional;
import java.util.UUID;

/** Finds where an environment or project sits in the tenancy tree (project, organization, workspace). */
public interface ScopeLookup {
    Optional<EnvScope> env(UUID envId);

    Optional<ProjectScope> project(UUID projectId);
}
