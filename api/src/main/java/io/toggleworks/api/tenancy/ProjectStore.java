package io.toggleworks.api.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Projects ({@code projects} / {@code Projects}). */
public interface ProjectStore {
    Optional<Project> find(UUID id);

    /** Newest first, as FeatBit lists them. */
    List<Project> ofOrganization(UUID organizationId);

    /** Whether a project of the organization has this key, ignoring case. */
    boolean keyUsed(UUID organizationId, String key);

    /** The organization's project with this key, ignoring case. */
    Optional<Project> findByKey(UUID organizationId, String key);

    void insert(Project p);

    void rename(UUID id, String name);

    /** The project only; its environments are deleted first by the caller. */
    void delete(UUID id);
}
