package io.toggleworks.api.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An environment (api.md §3.5) with its secrets and settings. */
public record Environment(UUID id, UUID projectId, String name, String key, String description, List<Secret> secrets,
                          Settings settings, Instant createdAt, Instant updatedAt) {
    public Environment {
        secrets = List.copyOf(secrets);
    }

    /** FeatBit v5.4.0 reset stored settings to {@code {}}: a missing flag reads as false. */
    public record Settings(Boolean requireChangeComment) {
        public Settings {
            requireChangeComment = requireChangeComment != null && requireChangeComment;
        }
    }
}
