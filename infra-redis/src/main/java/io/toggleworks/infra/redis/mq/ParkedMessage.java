package io.toggleworks.infra.redis.mq;

import java.util.HashMap;
import java.util.Map;

/**
 * A job message parked on {@code <topic>:failed}, stored as the JSON object
 * {@code {"payload": "...", "error": "...", "deliveries": 5, "parkedAt": "2026-01-01T00:00:00Z"}} (written by
 * Redis's cjson, so field order varies).
 */
public record ParkedMessage(String payload, String error, long deliveries, String parkedAt) {

    /** Reads one entry of a failed list; only the flat object above is understood. */
    public static ParkedMessage parse(String json) {
        Map<String, Object> fields;
        try {
            fields = new FlatJsonReader(json).readObject();
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("parked message is not the expected JSON object", e);
        }
        Object deliveries = fields.getOrDefault("deliveries", 0L);
        return new ParkedMessage(String.valueOf(fields.getOrDefault("payload", "")),
                String.valueOf(fields.getOrDefault("error", "")),
                deliveries instanceof Number n ? n.longValue() : 0L,
                String.valueOf(fields.getOrDefault("parkedAt", "")));
    }

    /** Just enough JSON for a flat object of strings and numbers. */
    private static final class FlatJsonReader {
        private final String s;
        private int i;

        FlatJsonReader(String s) {
            this.s = s;
        }

        Map<String, Object> readObject() {
            Map<String, Object> out = new HashMap<>();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                i++;
                return out;
            }
            while (true) {
                skipSpace();
                String key = readString();
                skipSpace();
                expect(':');
                skipSpace();
                out.put(key, peek() == '"' ? readString() : readNumber());
                skipSpace();
                char c = s.charAt(i++);
                if (c == '}') {
                    return out;
                }
                if (c != ',') {
                    throw error("',' or '}' expected");
                }
            }
        }

        private String readString() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e); // \" \\ \/
                }
            }
        }

        private Object readNumber() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            try {
                return Long.parseLong(n);
            } catch (NumberFormatException e) {
                return Double.parseDouble(n);
            }
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw error("'" + c + "' expected");
            }
            i++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("parked message is not the expected JSON (" + what + " at " + i + ")");
        }
    }
}
