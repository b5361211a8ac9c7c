package io.toggleworks.api.identity;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * ASP.NET Core Identity's password-hash format, so users of an existing FeatBit database keep their passwords
 * (api.md §3.3; docs/adr/0022-api-password-hash-format.md). V3: base64 of {@code 0x01 | prf (u32 BE) |
 * iterations (u32 BE) | salt length (u32 BE) | salt | subkey}, PBKDF2 with prf 0 = HMAC-SHA1, 1 = HMAC-SHA256,
 * 2 = HMAC-SHA512. V2 ({@code 0x00}, HMAC-SHA1, 1000 iterations) is accepted too. New hashes use HMAC-SHA512 and
 * 100 000 iterations, as .NET does today.
 */
public final class PasswordHasher {
    static final int ITERATIONS = 100_000;
    private static final int PRF_SHA512 = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] subkey = pbkdf2(PRF_SHA512, password, salt, ITERATIONS, 32);
        ByteBuffer out = ByteBuffer.allocate(13 + salt.length + subkey.length);
        out.put((byte) 0x01).putInt(PRF_SHA512).putInt(ITERATIONS).putInt(salt.length).put(salt).put(subkey);
        return Base64.getEncoder().encodeToString(out.array());
    }

    public static boolean verify(String hashed, String password) {
        if (hashed == null || hashed.isEmpty() || password == null) {
            return false;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(hashed);
            if (bytes.length == 0) {
                return false;
            }
            if (bytes[0] == 0x00 && bytes.length == 49) {
                byte[] salt = java.util.Arrays.copyOfRange(bytes, 1, 17);
                byte[] expected = java.util.Arrays.copyOfRange(bytes, 17, 49);
                return MessageDigest.isEqual(expected, pbkdf2(0, password, salt, 1000, 32));
            }
            if (bytes[0] != 0x01 || bytes.length < 13) {
                return false;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            int prf = in.getInt();
            int iterations = in.getInt();
            int saltLength = in.getInt();
            if (prf < 0 || prf > 2 || iterations <= 0 || iterations > 10_000_000 || saltLength < 16
                    || saltLength > bytes.length - 13 - 16) {
                return false;
            }
            byte[] salt = new byte[saltLength];
            in.get(salt);
            byte[] expected = new byte[in.remaining()];
            in.get(expected);
            return MessageDigest.isEqual(expected, pbkdf2(prf, password, salt, iterations, expected.length));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True for hashes weaker than what {@link #hash} writes today: a successful login rehashes them. */
    public static boolean needsRehash(String hashed) {
        try {
            byte[] bytes = Base64.getDecoder().decode(hashed);
            if (bytes.length < 13 || bytes[0] != 0x01) {
                return true;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, 8);
            return in.getInt() != PRF_SHA512 || in.getInt() < ITERATIONS;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static byte[] pbkdf2(int prf, String password, byte[] salt, int iterations, int length) {
        String algorithm = switch (prf) {
            case 0 -> "PBKDF2WithHmacSHA1";
            case 1 -> "PBKDF2WithHmacSHA256";
            default -> "PBKDF2WithHmacSHA512";
        };
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, length * 8);
            return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
