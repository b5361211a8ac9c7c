package io.toggleworks.infra.postgres.jdbc;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Splits an ADO.NET/Npgsql connection string ({@code Key=Value;Key="quoted; value"}) into lower-case keys without
 * spaces, so that {@code User ID}, {@code userid} and {@code UserId} are one key, as Npgsql treats them.
 */
final class NpgsqlKeywords {
    private NpgsqlKeywords() {
    }

    static Map<String, String> parse(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int eq = text.indexOf('=', i);
            int semi = text.indexOf(';', i);
            if (eq < 0 || (semi >= 0 && semi < eq)) {
                String stray = (semi < 0 ? text.substring(i) : text.substring(i, semi)).trim();
                if (!stray.isEmpty()) {
                    throw new IllegalArgumentException("Postgres connection string has a part without '=': " + stray);
                }
                i = semi < 0 ? n : semi + 1;
                continue;
            }
            String key = text.substring(i, eq).replace(" ", "").trim().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("Postgres connection string has an empty key");
            }
            int j = eq + 1;
            while (j < n && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            String value;
            if (j < n && (text.charAt(j) == '"' || text.charAt(j) == '\'')) {
                // Quoted value: may contain ';' and '='; a doubled quote stands for one.
                char quote = text.charAt(j);
                StringBuilder sb = new StringBuilder();
                int k = j + 1;
                while (true) {
                    if (k >= n) {
                        throw new IllegalArgumentException("Postgres connection string has an unterminated quote after " + key + "=");
                    }
                    char c = text.charAt(k);
                    if (c == quote) {
                        if (k + 1 < n && text.charAt(k + 1) == quote) {
                            sb.append(quote);
                            k += 2;
                            continue;
                        }
                        k++;
                        break;
                    }
                    sb.append(c);
                    k++;
                }
                value = sb.toString();
                int next = text.indexOf(';', k);
                i = next < 0 ? n : next + 1;
            } else {
                int end = text.indexOf(';', j);
                value = (end < 0 ? text.substring(j) : text.substring(j, end)).trim();
                i = end < 0 ? n : end + 1;
            }
            kv.put(key, value);
        }
        return kv;
    }
}
