package io.toggleworks.core.secret;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The obfuscated, time-stamped form of an environment secret that SDKs put in the WebSocket URL's {@code token}
 * parameter (evaluation-server.md §1.2). Decoding follows FeatBit's steps 1-6; {@link #isFresh} is step 7, the
 * symmetric clock-skew window. Step 8 (the store lookup) belongs to the server.
 *
 * @param secret    the environment secret carried by the token (44 chars, structurally valid)
 * @param timestamp the Unix time in milliseconds the SDK stamped into the token
 */
public record ConnectionToken(String secret, long timestamp) {
    /** FeatBit's default {@code Streaming:TokenExpirySeconds}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

    // Digit d is written as ALPHABET.charAt(d).
    private static final String ALPHABET = "QBWSPHDXZU";

    /** Steps 1-6: the token's secret and timestamp, or empty if the token is malformed. */
    public static Optional<ConnectionToken> decode(String token) {
        if (token == null || token.length() < 5) {
            return Optional.empty();
        }
        OptionalLong position = decodeNumber(token, 0, 3, 255);
        OptionalLong contentLength = decodeNumber(token, 3, 5, 255);
        if (position.isEmpty() || contentLength.isEmpty()) {
            return Optional.empty();
        }
        int pos = (int) position.getAsLong();
        int len = (int) contentLength.getAsLong();
        String payload = token.substring(5);
        if (payload.length() < pos + len) {
            return Optional.empty();
        }
        OptionalLong timestamp = decodeNumber(payload, pos, pos + len, Long.MAX_VALUE);
        if (timestamp.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder secret = new StringBuilder(payload.length() - len + 3)
                .append(payload, 0, pos).append(payload, pos + len, payload.length());
        while (secret.length() % 4 != 0) {
            secret.append('=');
        }
        String s = secret.toString();
        if (!EnvironmentSecret.isWellFormed(s)) {
            return Optional.empty();
        }
        return Optional.of(new ConnectionToken(s, timestamp.getAsLong()));
    }

    /** Steps 1-7: decodes and checks the timestamp lies within {@code window} of {@code nowMs}, either side. */
    public static Optional<ConnectionToken> decode(String token, long nowMs, Duration window) {
        return decode(token).filter(t -> t.isFresh(nowMs, window));
    }

    public boolean isFresh(long nowMs, Duration window) {
        return Math.abs(nowMs - timestamp) <= window.toMillis();
    }

    public boolean isFresh(long nowMs) {
        return isFresh(nowMs, DEFAULT_WINDOW);
    }

    /**
     * What SDKs send: {@code enc(p,3) + enc(len(tc),2) + s[0:p] + tc + s[p:]}. SDKs choose
     * {@code p = max(floor(random * len(s)), 2)}; {@code position} must lie within the secret.
     */
    public static String encode(String secret, long nowMs, int position) {
        String s = stripTrailing(secret, '=');
        if (position < 0 || position > s.length()) {
            throw new IllegalArgumentException("position " + position + " outside the secret");
        }
        String digits = Long.toString(nowMs);
        String tc = encodeNumber(nowMs, digits.length());
        return encodeNumber(position, 3) + encodeNumber(tc.length(), 2) + s.substring(0, position) + tc + s.substring(position);
    }

    /** As the SDKs do, with a random position. */
    public static String encode(String secret, long nowMs) {
        int len = stripTrailing(secret, '=').length();
        int p = Math.max((int) Math.floor(ThreadLocalRandom.current().nextDouble() * len), 2);
        return encode(secret, nowMs, p);
    }

    /** {@code enc(n, w)}: decimal n, zero-padded, its rightmost w digits, mapped to the token alphabet. */
    public static String encodeNumber(long n, int width) {
        String d = Long.toString(n);
        StringBuilder sb = new StringBuilder(width);
        for (int i = 0; i < width - d.length(); i++) {
            sb.append(ALPHABET.charAt(0));
        }
        for (int i = Math.max(0, d.length() - width); i < d.length(); i++) {
            sb.append(ALPHABET.charAt(d.charAt(i) - '0'));
        }
        return sb.toString();
    }

    /** FeatBit's token-number decoding: blank → 0, any character outside the alphabet → invalid. */
    public static OptionalLong decodeNumber(String text) {
        return text == null ? OptionalLong.of(0) : decodeNumber(text, 0, text.length(), Long.MAX_VALUE);
    }

    private static OptionalLong decodeNumber(String s, int from, int to, long max) {
        boolean blank = true;
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                blank = false;
                break;
            }
        }
        if (blank) {
            return OptionalLong.of(0);
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = ALPHABET.indexOf(s.charAt(i));
            if (d < 0) {
                return OptionalLong.empty();
            }
            if (value > (max - d) / 10) {
                return OptionalLong.empty(); // overflows the target integer type, as .NET's TryParse
            }
            value = value * 10 + d;
        }
        return OptionalLong.of(value);
    }

    private static String stripTrailing(String s, char c) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == c) {
            end--;
        }
        return s.substring(0, end);
    }
}
