package io.toggleworks.infra.postgres.store;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * FeatBit's {@code Postgres__ConnectionString} (Npgsql keyword form, e.g.
 * {@code Host=postgresql;Port=5432;Username=postgres;Password=x;Database=featbit}) turned into a JDBC URL plus
 * credentials. A {@code postgres://} URI or a {@code jdbc:postgresql://} URL is accepted as well.
 */
record StoreConnectionString(String jdbcUrl, Optional<String> user, Optional<String> password) {

    static StoreConnectionString parse(String text, Optional<String> passwordOverride) {
        String s = text.trim();
        if (s.startsWith("jdbc:postgresql:")) {
            return new StoreConnectionString(s, Optional.empty(), passwordOverride);
        }
        if (s.startsWith("postgres://") || s.startsWith("postgresql://")) {
            java.net.URI uri = java.net.URI.create(s);
            Optional<String> user = Optional.empty();
            Optional<String> password = passwordOverride;
            if (uri.getUserInfo() != null) {
                String[] parts = uri.getUserInfo().split(":", 2);
                user = Optional.of(parts[0]);
                if (parts.length == 2 && password.isEmpty()) {
                    password = Optional.of(parts[1]);
                }
            }
            int port = uri.getPort() < 0 ? 5432 : uri.getPort();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new StoreConnectionString("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath() + query, user, password);
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : s.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                kv.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace(" ", ""), part.substring(eq + 1).trim());
            }
        }
        String host = first(kv, "host", "server").orElse("localhost");
        String port = first(kv, "port").orElse("5432");
        String database = first(kv, "database", "initialcatalog", "db").orElse("featbit");
        Optional<String> user = first(kv, "username", "userid", "user", "uid");
        Optional<String> password = passwordOverride.or(() -> first(kv, "password", "pwd"));
        StringBuilder url = new StringBuilder("jdbc:postgresql://");
        // Npgsql allows a comma-separated host list; pgjdbc takes host:port pairs.
        String[] hosts = host.split(",");
        for (int i = 0; i < hosts.length; i++) {
            if (i > 0) {
                url.append(',');
            }
            url.append(hosts[i].trim()).append(hosts[i].contains(":") ? "" : ":" + port);
        }
        url.append('/').append(database);
        first(kv, "sslmode").ifPresent(m -> url.append("?sslmode=").append(m.toLowerCase(Locale.ROOT)));
        return new StoreConnectionString(url.toString(), user, password);
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
}
