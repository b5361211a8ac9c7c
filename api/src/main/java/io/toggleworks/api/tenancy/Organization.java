package io.toggleworks.api.tenancy;

import java.util.List;
import java.util.UUID;

/** An organization (api.md §3.4). */
public record Organization(UUID id, UUID workspaceId, String name, String key, boolean initialized, String license,
                           DefaultPermissions defaultPermissions, Settings settings) {

    /** Applied to members added without explicit policies or groups. */
    public record DefaultPermissions(List<UUID> policyIds, List<UUID> groupIds) {
        public DefaultPermissions {
            policyIds = policyIds == null ? List.of() : List.copyOf(policyIds);
            groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
        }
    }

    public record Settings(String flagSortedBy) {
        public Settings {
            flagSortedBy = flagSortedBy == null ? "created_at" : flagSortedBy;
        }
    }
}
