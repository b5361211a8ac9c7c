package io.toggleworks.api.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Workspaces ({@code workspaces} / {@code Workspaces}). */
public interface WorkspaceStore {
    Optional<Workspace> find(UUID id);

    /** The user's workspaces, oldest first. */
    List<Workspace> ofUser(UUID userId);

    /** Whether another workspace than {@code exceptId} has this key, ignoring case. */
    boolean keyUsed(String key, UUID exceptId);

    /** {@code ssoJson}: the JSON object to store ({@code {"oidc":{...}}}). */
    void updateSso(UUID id, String ssoJson);

    void update(UUID id, String name, String key);

    /** Auto agents of the relay proxies of all organizations of the workspace (the license quota's "used"). */
    long autoAgentsUsed(UUID workspaceId);
}
