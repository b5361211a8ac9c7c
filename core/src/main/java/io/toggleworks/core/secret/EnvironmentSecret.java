package io.toggleworks.core.secret;

import java.util.Optional;
import java.util.UUID;

/**
 * The 44-character environment secret (SDK key): {@code encode(random GUID) + encode(envId)}
 * (evaluation-server.md §1.1). The environment is recoverable from the secret alone, which is how FeatBit routes
 * HTTP SDK calls without a store lookup.
 */
public final class EnvironmentSecret {
    public static final int LENGTH = 44;

    private EnvironmentSecret() {
    }

    public static String create(UUID envId) {
        return DotNetGuid.encode(UUID.randomUUID()) + DotNetGuid.encode(envId);
    }

    /** FeatBit's {@code Secret.TryParse}: non-blank, exactly 44 chars, and the tail decodes to a non-zero GUID. */
    public static Optional<UUID> envIdOf(String secret) {
        if (secret == null || secret.length() != LENGTH || secret.isBlank()) {
            return Optional.empty();
        }
        UUID envId = DotNetGuid.decode(secret.substring(22));
        return DotNetGuid.isEmpty(envId) ? Optional.empty() : Optional.of(envId);
    }

    public static boolean isWellFormed(String secret) {
        return envIdOf(secret).isPresent();
    }
}
