package io.toggleworks.core.evaluation;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * FeatBit's percentage dispatch (evaluation-server.md §5.5): the MD5 of the UTF-8 dispatch key, its first four
 * bytes read as a signed little-endian int {@code n}, bucket {@code |n / -2^31|} in [0, 1]. Every FeatBit SDK uses
 * the same maths, so a user lands in the same bucket whichever side evaluates.
 */
public final class DispatchAlgorithm {
    /** A range starting at 0 whose upper bound is within this of 1 covers everyone, without hashing. */
    static final double FULL_RANGE_EPSILON = 1e-5;

    private static final byte[] NO_BYTES = new byte[0];

    // MessageDigest is not thread-safe and costly to create; one per platform thread, with reusable buffers.
    private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

    // Virtual threads are many and short-lived: a thread-local would create a digest per request. They borrow one
    // from a small lock-free pool instead.
    private static final int POOL_SIZE = 64;
    private static final AtomicReferenceArray<Hasher> POOL = new AtomicReferenceArray<>(POOL_SIZE);

    private DispatchAlgorithm() {
    }

    /** The bucket of an already-concatenated key. */
    public static double bucket(String key) {
        return bucket(NO_BYTES, key);
    }

    /** The bucket of {@code prefix + value}, without building the string. */
    static double bucket(byte[] prefixUtf8, String value) {
        Thread thread = Thread.currentThread();
        if (!thread.isVirtual()) {
            return HASHER.get().bucket(prefixUtf8, value);
        }
        int start = (int) thread.threadId();
        Hasher hasher = null;
        for (int i = 0; i < 4 && hasher == null; i++) {
            hasher = POOL.getAndSet((start + i) & (POOL_SIZE - 1), null);
        }
        if (hasher == null) {
            hasher = new Hasher();
        }
        try {
            return hasher.bucket(prefixUtf8, value);
        } finally {
            for (int i = 0; i < 4; i++) {
                if (POOL.compareAndSet((start + i) & (POOL_SIZE - 1), null, hasher)) {
                    break;
                }
            }
        }
    }

    /** FeatBit's {@code IsInRollout}: the full-range shortcut, the empty range, else inclusive bounds. */
    public static boolean isInRollout(String key, double[] rollout) {
        double lo = rollout[0];
        double hi = rollout[1];
        if (lo == 0 && 1 - hi < FULL_RANGE_EPSILON) {
            return true;
        }
        if (lo == 0 && hi == 0) {
            return false;
        }
        double b = bucket(key);
        return lo <= b && b <= hi;
    }

    private static final class Hasher {
        private final MessageDigest md5;
        private final byte[] digest = new byte[16];
        private byte[] buffer = new byte[128];

        Hasher() {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK must provide MD5", e);
            }
        }

        double bucket(byte[] prefix, String value) {
            int len = encodeUtf8(prefix, value);
            md5.update(buffer, 0, len); // one update: MessageDigest's per-call overhead dominates short keys
            try {
                md5.digest(digest, 0, 16);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
            int n = (digest[0] & 0xFF) | (digest[1] & 0xFF) << 8 | (digest[2] & 0xFF) << 16 | digest[3] << 24;
            return Math.abs((double) n / -2147483648.0);
        }

        /** prefix, then value in UTF-8 as .NET's encoder writes it: unpaired surrogates become U+FFFD. */
        private int encodeUtf8(byte[] prefix, String s) {
            int max = prefix.length + s.length() * 3;
            if (buffer.length < max) {
                buffer = new byte[Math.max(max, buffer.length * 2)];
            }
            byte[] b = buffer;
            System.arraycopy(prefix, 0, b, 0, prefix.length);
            int p = prefix.length;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[p++] = (byte) c;
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | c >> 6);
                    b[p++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[p++] = (byte) (0xF0 | cp >> 18);
                    b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    if (Character.isSurrogate(c)) {
                        c = '\uFFFD';
                    }
                    b[p++] = (byte) (0xE0 | c >> 12);
                    b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | c & 0x3F);
                }
            }
            return p;
        }
    }
}
