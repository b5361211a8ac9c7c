package io.toggleworks.api.iam;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An IAM policy (api.md §3.13); {@code organizationId} is empty for the built-in, system-managed ones. */
public record Policy(UUID id, Optional<UUID> organizationId, String name, String key, String description, String type,
                     List<PolicyStatement> statements, Instant createdAt, Instant updatedAt) {
    public static final String SYS_MANAGED = "SysManaged";
    public static final String CUSTOMER_MANAGED = "CustomerManaged";
    public static final UUID OWNER = UUID.fromString("98881f6a-5c6c-4277-bcf7-fda94c538785");
    public static final UUID ADMINISTRATOR = UUID.fromString("3e961f0f-6fd4-4cf4-910f-52d356f8cc08");
    public static final UUID DEVELOPER = UUID.fromString("66f3687f-939d-4257-bd3f-c3553d39e1b6");

    public Policy {
        statements = List.copyOf(statements);
    }

    public boolean isSysManaged() {
        return SYS_MANAGED.equals(type);
    }
}
