package io.toggleworks.api.tenancy;

import io.toggleworks.core.secret.DotNetGuid;
import io.toggleworks.core.secret.EnvironmentSecret;
import java.util.UUID;

/**
 * Environment secret values, the wire contract with SDKs and the Evaluation Server (api.md §3.5): 22 characters
 * of base64url(random GUID) + 22 of base64url(envId), GUID bytes in .NET order. The codec is core's.
 */
public final class SecretValues {
    private SecretValues() {
    }

    public static String newSecret(UUID envId) {
        return EnvironmentSecret.create(envId);
    }

    static String encode(UUID id) {
        return DotNetGuid.encode(id);
    }
}
