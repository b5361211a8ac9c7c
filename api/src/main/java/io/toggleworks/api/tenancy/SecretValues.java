package io.toggleworks.api.tenancy;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * Environment secret values, the wire contract with SDKs and the Evaluation Server (api.md §3.5): 22 characters
 * of base64url(random GUID) + 22 of base64url(envId), GUID bytes in .NET {@code Guid.ToByteArray()} order.
 * A private copy until {@code core}'s secret codec lands; then this class should delegate to it.
 */
public final class SecretValues {
    private SecretValues() {
    }

    public static String newSecret(UUID envId) {
        return encode(UUID.randomUUID()) + encode(envId);
    }

    static String encode(UUID id) {
        String b64 = Base64.getEncoder().encodeToString(dotNetBytes(id)).replace('+', '-').replace('/', '_');
        return b64.substring(0, 22);
    }

    /** .NET order: the first three groups little-endian, the last eight bytes as written. */
    static byte[] dotNetBytes(UUID id) {
        byte[] b = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
        return new byte[] {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]};
    }
}
