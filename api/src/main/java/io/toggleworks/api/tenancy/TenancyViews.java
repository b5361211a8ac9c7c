package io.toggleworks.api.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Wire shapes of the tenancy endpoints (api.md §4.5.4, §4.5.5). */
public final class TenancyViews {
    private TenancyViews() {
    }

    public record EnvironmentWithKeyVm(UUID id, UUID projectId, String name, String key, String description,
                                       List<Secret> secrets, Environment.Settings settings, Instant createdAt,
                                       Instant updatedAt) {
        static EnvironmentWithKeyVm of(Environment e) {
            return new EnvironmentWithKeyVm(e.id(), e.projectId(), e.name(), e.key(), e.description(), e.secrets(),
                    e.settings(), e.createdAt(), e.updatedAt());
        }
    }

    public record ProjectWithEnvs(UUID id, String name, String key, List<EnvironmentWithKeyVm> environments) {
    }

    /** FeatBit's {@code EnvironmentVm} lacks {@code key}; we add it (and {@code projectId}) without removing anything. */
    public record EnvironmentVm(UUID id, UUID projectId, String name, String key, String description,
                                List<Secret> secrets, Environment.Settings settings) {
        static EnvironmentVm of(Environment e) {
            return new EnvironmentVm(e.id(), e.projectId(), e.name(), e.key(), e.description(), e.secrets(), e.settings());
        }
    }

    public record ProjectVm(UUID id, String name) {
    }

    public record OrganizationVm(UUID id, String name, String key, boolean initialized, String license,
                                 Organization.DefaultPermissions defaultPermissions, Organization.Settings settings) {
        public static OrganizationVm of(Organization o) {
            return new OrganizationVm(o.id(), o.name(), o.key(), o.initialized(), o.license(), o.defaultPermissions(),
                    o.settings());
        }
    }

    public record WorkspaceVm(UUID id, String name, String key, String license, JsonNode sso) {
    }
}
