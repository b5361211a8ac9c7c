package io.toggleworks.api.tenancy;

import io.toggleworks.api.iam.ResourceNames;
import java.util.UUID;

/** A project the caller's organization owns (from {@code Guard.project}). */
public record ProjectScope(UUID projectId, String projectKey, String projectName, UUID organizationId) {
    public String rn() {
        return ResourceNames.project(projectKey);
    }
}
