package io.toggleworks.api.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL connection setting turned into a JDBC URL, user and password. Accepts FeatBit's Npgsql form
 * ({@code Host=...;Port=...;Username=...;Password=...;Database=...}), a JDBC URL and a libpq URI
 * ({@code postgresql://user:pass@host:port/db}).
 */
public record PostgresConnectionString(String jdbcUrl, Optional<String> user, Optional<String> password) {

    public static PostgresConnectionString parse(String raw) {
        String s = raw.trim();
        if (s.startsWith("jdbc:postgresql:")) {
            return new PostgresConnectionString(s, Optional.empty(), Optional.empty());
        }
        if (s.startsWith("postgresql://") || s.startsWith("postgres://")) {
            return fromUri(URI.create(s));
        }
        return fromNpgsql(s);
    }

    /** {@code Postgres__Password} overrides the password in the connection string, as in FeatBit. */
    public PostgresConnectionString withPassword(Optional<String> override) {
        return override.isPresent() ? new PostgresConnectionString(jdbcUrl, user, override) : this;
    }

    private static PostgresConnectionString fromUri(URI uri) {
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new PostgresConnectionString("jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + db + query,
                Optional.ofNullable(user), Optional.ofNullable(password));
    }

    private static PostgresConnectionString fromNpgsql(String s) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : s.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                kv.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace(" ", ""), part.substring(eq + 1).trim());
            }
        }
        String host = first(kv, "host", "server", "datasource").orElse("localhost");
        String port = first(kv, "port").orElse("5432");
        String db = first(kv, "database", "db", "initialcatalog").orElse("postgres");
        Optional<String> user = first(kv, "username", "userid", "user", "uid", "username");
        Optional<String> password = first(kv, "password", "pwd");
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/').append(db);
        first(kv, "sslmode").ifPresent(mode -> url.append("?sslmode=").append(mode.toLowerCase(Locale.ROOT)));
        return new PostgresConnectionString(url.toString(), user, password);
    }

    private static Optional<String> first(Map<String, String> kv, String... keys) {
        for (String k : keys) {
            String v = kv.get(k);
            if (v != null && !v.isEmpty()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
