package io.toggleworks.infra.clickhouse;

/**
 * Literals for SQL text. ClickHouse 18.16 has no server-side query parameters ({@code {p:String}} came in 19.x), so
 * values are escaped here: inside single quotes ClickHouse reads backslash escapes, so backslash and quote are the
 * two characters that must be escaped.
 */
public final class Sql {
    private Sql() {
    }

    public static String string(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\0' -> b.append("\\0");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }
}
