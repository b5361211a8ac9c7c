package io.toggleworks.api.accesstokens;

import io.toggleworks.api.iam.PolicyStatement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An access token (api.md §3.12) as stored: the token itself only as {@code displayPrefix} (its first 10
 * characters) and a hash. {@code permissions} matter for Service tokens; Personal tokens act with their creator's
 * permissions.
 */
public record AccessToken(UUID id, UUID organizationId, String name, String type, String status, String displayPrefix,
                          UUID creatorId, List<PolicyStatement> permissions, Optional<Instant> lastUsedAt,
                          Instant createdAt, Instant updatedAt) {
    public static final String PERSONAL = "Personal";
    public static final String SERVICE = "Service";
    public static final String ACTIVE = "Active";
    public static final String INACTIVE = "Inactive";

    public AccessToken {
        permissions = List.copyOf(permissions);
    }

    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    public boolean isService() {
        return SERVICE.equals(type);
    }

    /** FeatBit shows the first 10 characters followed by asterisks. */
    public String masked() {
        return displayPrefix + "*".repeat(Math.max(0, 44 - displayPrefix.length()));
    }
}
