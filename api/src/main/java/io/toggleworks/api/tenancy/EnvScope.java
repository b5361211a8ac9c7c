package io.toggleworks.api.tenancy;

import io.toggleworks.api.iam.ResourceNames;
import java.util.List;
import java.util.UUID;

/**
 * An environment the caller's organization owns, with the keys its resource names are built from. Obtained from
 * {@code Guard.env(caller, envId, permission)}, which has already checked ownership and the permission.
 */
public record EnvScope(UUID envId, String envKey, String envName, UUID projectId, String projectKey,
                       UUID organizationId, UUID workspaceId) {

    /** {@code project/{projectKey}:env/{envKey}}. */
    public String rn() {
        return ResourceNames.env(projectKey, envKey);
    }

    public String flagRn(String flagKey, List<String> tags) {
        return ResourceNames.flag(rn(), flagKey, tags);
    }

    public String segmentRn(String segmentKey, List<String> tags) {
        return ResourceNames.segment(rn(), segmentKey, tags);
    }
}
