package io.toggleworks.api.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A user (api.md §3.3); {@code password} is the ASP.NET Identity hash, empty for SSO/OAuth users. */
public record User(UUID id, String name, String email, String password, String origin, Optional<String> initialPassword,
                   Instant createdAt, Instant updatedAt) {
    public static final String LOCAL = "Local";
}
