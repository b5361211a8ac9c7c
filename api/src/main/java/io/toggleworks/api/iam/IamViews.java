package io.toggleworks.api.iam;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Wire shapes of the IAM endpoints (api.md §4.5.6). */
public final class IamViews {
    private IamViews() {
    }

    public record PolicyVm(UUID id, String name, String key, String type, String description,
                           List<PolicyStatement> statements, Instant updatedAt) {
        public static PolicyVm of(Policy p) {
            return new PolicyVm(p.id(), p.name(), p.key(), p.type(), p.description(), p.statements(), p.updatedAt());
        }
    }

    public record GroupVm(UUID id, String name, String description, Instant updatedAt) {
    }

    public record MemberGroupVm(UUID id, String name, String description, UUID memberId, boolean isGroupMember) {
    }

    public record MemberVm(UUID id, String email, String name, UUID invitorId, String initialPassword,
                           List<MemberGroupVm> groups) {
    }
}
