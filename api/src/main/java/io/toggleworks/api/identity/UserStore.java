package io.toggleworks.api.identity;

import java.util.Optional;
import java.util.UUID;

/** Users ({@code users} / {@code Users}) and their workspace memberships ({@code workspace_users} / {@code WorkspaceUsers}). */
public interface UserStore {
    Optional<User> find(UUID id);

    /** Emails are unique; the lookup ignores case so {@code Test@FeatBit.com} finds {@code test@featbit.com}. */
    Optional<User> findByEmail(String email);

    void insert(User u);

    void updatePassword(UUID id, String hash, boolean clearInitialPassword);

    void updateProfile(UUID id, String name, String email);

    boolean emailUsedByOther(String email, UUID userId);

    /** Idempotent: a user already in the workspace stays as is. */
    void addToWorkspace(UUID workspaceId, UUID userId);
}
