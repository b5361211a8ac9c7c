package io.toggleworks.api.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Environments ({@code environments} / {@code Environments}) with their secrets, plus what an environment owns elsewhere. */
public interface EnvironmentStore {
    Optional<Environment> find(UUID id);

    /** Oldest first. */
    List<Environment> ofProject(UUID projectId);

    /** Oldest first. */
    List<Environment> ofProjects(List<UUID> projectIds);

    /** Whether an environment of the project has this key, ignoring case. */
    boolean keyUsed(UUID projectId, String key);

    /** The environment with its two built-in end-user properties ({@code keyId}, {@code name}; api.md §3.8). */
    void insert(Environment e);

    void update(UUID id, String name, String description, Environment.Settings settings);

    void updateSecrets(UUID id, List<Secret> secrets);

    /**
     * Deletes the environment and what belongs to it alone, so nothing is left orphaned (api.md §11.9); the
     * environment goes last, so a retry of a half-done deletion finds it and finishes.
     */
    void delete(UUID envId);
}
