package io.toggleworks.api.accesstokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How access tokens are made and stored (docs/adr/0020-api-hashed-access-tokens.md): {@code api-} followed by
 * 40 random base64url characters (240 bits, FeatBit's length), stored as
 * {@code sha256$<first 10 chars>$<hex SHA-256 of the whole token>}; V3 migration converts FeatBit's plain rows.
 */
public final class TokenHashing {
    public static final String PREFIX = "api-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenHashing() {
    }

    public static String newToken() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String stored(String rawToken) {
        return "sha256$" + prefix(rawToken) + "$" + sha256Hex(rawToken);
    }

    public static String prefix(String rawToken) {
        return rawToken.substring(0, Math.min(10, rawToken.length()));
    }

    /** The display prefix of a stored value, or of a legacy plain-text one. */
    public static String prefixOfStored(String stored) {
        if (stored.startsWith("sha256$")) {
            int end = stored.indexOf('$', 7);
            return end > 0 ? stored.substring(7, end) : "";
        }
        return prefix(stored);
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
