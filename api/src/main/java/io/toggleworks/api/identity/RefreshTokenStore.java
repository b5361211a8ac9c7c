package io.toggleworks.api.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Rotating refresh tokens (api.md §3.3): the raw token is a GUID in "N" format, handed out only in the cookie;
 * the store keeps its SHA-256 hex. Active = not revoked and not expired; 30 days.
 */
public interface RefreshTokenStore {
    Duration LIFETIME = Duration.ofDays(30);

    record Active(UUID id, UUID userId) {
    }

    /** Creates a token for the user and returns the raw value for the cookie. */
    default String create(UUID userId, String ip) {
        String raw = newRaw();
        insert(raw, userId, ip);
        return raw;
    }

    /** Stores a new active token with this raw value. */
    void insert(String raw, UUID userId, String ip);

    Optional<Active> findActive(String raw);

    /** Revokes the token; returns false when it was no longer active (a concurrent rotation won). */
    boolean revoke(String raw, String ip, Optional<String> replacedByRaw);

    static String newRaw() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String hash(String raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** FeatBit's ip columns hold 45 characters. */
    static String truncateIp(String ip) {
        return ip == null ? null : ip.length() > 45 ? ip.substring(0, 45) : ip;
    }
}
