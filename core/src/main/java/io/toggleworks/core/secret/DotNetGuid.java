package io.toggleworks.core.secret;

import java.util.Base64;
import java.util.UUID;

/**
 * FeatBit's 22-character GUID text (evaluation-server.md §1.1): Base64 of the 16 bytes in .NET order, URL-ish
 * alphabet ({@code /}→{@code _}, {@code +}→{@code -}), padding dropped. .NET stores the first three groups
 * little-endian, so they are byte-swapped relative to {@link UUID}'s big-endian layout.
 */
public final class DotNetGuid {
    private static final UUID EMPTY = new UUID(0L, 0L);

    private DotNetGuid() {
    }

    /** The 16 bytes of {@code uuid} in .NET {@code Guid.ToByteArray()} order. */
    public static byte[] toBytes(UUID uuid) {
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        byte[] b = new byte[16];
        int a = (int) (msb >>> 32);
        short bb = (short) (msb >>> 16);
        short c = (short) msb;
        b[0] = (byte) a;
        b[1] = (byte) (a >>> 8);
        b[2] = (byte) (a >>> 16);
        b[3] = (byte) (a >>> 24);
        b[4] = (byte) bb;
        b[5] = (byte) (bb >>> 8);
        b[6] = (byte) c;
        b[7] = (byte) (c >>> 8);
        for (int i = 0; i < 8; i++) {
            b[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return b;
    }

    /** The UUID whose .NET byte order is {@code b} (16 bytes). */
    public static UUID fromBytes(byte[] b) {
        if (b.length != 16) {
            throw new IllegalArgumentException("a GUID has 16 bytes, got " + b.length);
        }
        long a = (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
        long bb = (b[4] & 0xFFL) | (b[5] & 0xFFL) << 8;
        long c = (b[6] & 0xFFL) | (b[7] & 0xFFL) << 8;
        long msb = a << 32 | bb << 16 | c;
        long lsb = 0;
        for (int i = 8; i < 16; i++) {
            lsb = lsb << 8 | (b[i] & 0xFFL);
        }
        return new UUID(msb, lsb);
    }

    /** 22 characters. */
    public static String encode(UUID uuid) {
        String b64 = Base64.getEncoder().encodeToString(toBytes(uuid));
        return b64.substring(0, 22).replace('/', '_').replace('+', '-');
    }

    /** The GUID of a 22-character text; the all-zero GUID when the text is not valid Base64 of 16 bytes (as FeatBit). */
    public static UUID decode(String text) {
        if (text == null) {
            return EMPTY;
        }
        String b64 = text.replace('_', '/').replace('-', '+') + "==";
        try {
            byte[] bytes = Base64.getDecoder().decode(b64);
            return bytes.length == 16 ? fromBytes(bytes) : EMPTY;
        } catch (IllegalArgumentException e) {
            return EMPTY;
        }
    }

    public static boolean isEmpty(UUID uuid) {
        return uuid.getMostSignificantBits() == 0L && uuid.getLeastSignificantBits() == 0L;
    }
}
