package io.toggleworks.infra.postgres.jdbc;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A PostgreSQL connection string as operators write it for FeatBit, turned into what pgjdbc needs.
 *
 * <p>Accepted forms of {@code Postgres__ConnectionString}:
 * <ul>
 *   <li>Npgsql keywords, FeatBit's own form: {@code Host=db;Port=5432;Username=postgres;Password=x;Database=featbit}
 *       (keys case-insensitive, spaces in keys ignored, values may be quoted);</li>
 *   <li>a JDBC URL {@code jdbc:postgresql://host:port/db?user=...&password=...};</li>
 *   <li>a libpq URI {@code postgres://user:password@host:port/db?sslmode=require}.</li>
 * </ul>
 *
 * @param jdbcUrl       URL without credentials (credentials travel in {@link #properties()} so they never reach logs)
 * @param user          the login role, when given
 * @param password      the password, when given
 * @param properties    pgjdbc connection properties derived from the string (sslmode, ApplicationName, ...)
 * @param maxPoolSize   Npgsql's {@code Maximum Pool Size}, when given
 */
public record PostgresConnectionString(String jdbcUrl, Optional<String> user, Optional<String> password,
                                       Map<String, String> properties, Optional<Integer> maxPoolSize) {

    public static final int DEFAULT_PORT = 5432;

    public PostgresConnectionString {
        properties = Map.copyOf(properties);
    }

    /** Parses any accepted form; throws {@link IllegalArgumentException} with a message naming the problem. */
    public static PostgresConnectionString parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Postgres connection string is empty");
        }
        String s = text.trim();
        if (s.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())) {
            return fromJdbcUrl(s);
        }
        if (s.startsWith("postgres://") || s.startsWith("postgresql://")) {
            return fromUri(s);
        }
        return fromKeywords(s);
    }

    /** {@code Postgres__Password}, when set, overrides the password in the connection string, as in FeatBit. */
    public PostgresConnectionString withPassword(Optional<String> override) {
        return override.isPresent() ? new PostgresConnectionString(jdbcUrl, user, override, properties, maxPoolSize) : this;
    }

    /** The same connection with another database name (tests and tools create side databases). */
    public PostgresConnectionString withDatabase(String database) {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = jdbcUrl.indexOf('?');
        String base = slash < 0 ? jdbcUrl : jdbcUrl.substring(0, slash);
        String tail = query < 0 ? "" : jdbcUrl.substring(query);
        return new PostgresConnectionString(base + "/" + database + tail, user, password, properties, maxPoolSize);
    }

    /** The same connection with a pgjdbc property added, unless the operator's string already sets it. */
    public PostgresConnectionString withDefaultProperty(String key, String value) {
        if (properties.containsKey(key) || jdbcUrl.contains(key + "=")) {
            return this;
        }
        Map<String, String> more = new LinkedHashMap<>(properties);
        more.put(key, value);
        return new PostgresConnectionString(jdbcUrl, user, password, more, maxPoolSize);
    }

    /** Properties for {@link java.sql.DriverManager} or a pool: the derived properties plus user and password. */
    public Properties connectionProperties() {
        Properties p = new Properties();
        p.putAll(properties);
        user.ifPresent(u -> p.setProperty("user", u));
        password.ifPresent(pw -> p.setProperty("password", pw));
        return p;
    }

    @Override
    public String toString() {
        // Never print the password.
        return "PostgresConnectionString[" + jdbcUrl + ", user=" + user.orElse("") + "]";
    }

    private static PostgresConnectionString fromJdbcUrl(String url) {
        // pgjdbc reads user/password from the URL itself; lift them out so that toString() and logs stay clean.
        int q = url.indexOf('?');
        if (q < 0) {
            return new PostgresConnectionString(url, Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        List<String> kept = new ArrayList<>();
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            switch (key) {
                case "user" -> user = Optional.of(value);
                case "password" -> password = Optional.of(value);
                default -> kept.add(pair);
            }
        }
        String rebuilt = url.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        return new PostgresConnectionString(rebuilt, user, password, Map.of(), Optional.empty());
    }

    private static PostgresConnectionString fromUri(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Postgres connection string is not a valid URI: " + e.getMessage());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Postgres connection URI has no host");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
            if (parts.length == 2) {
                password = Optional.of(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new PostgresConnectionString("jdbc:postgresql://" + hostForUrl(uri.getHost()) + ":" + port + path + query,
                user, password, Map.of(), Optional.empty());
    }

    private static PostgresConnectionString fromKeywords(String text) {
        Map<String, String> kv = NpgsqlKeywords.parse(text);
        String host = first(kv, "host", "server").orElseThrow(
                () -> new IllegalArgumentException("Postgres connection string has no Host (expected Host=...;Port=...;Database=...)"));
        int port = first(kv, "port").map(PostgresConnectionString::port).orElse(DEFAULT_PORT);
        Optional<String> user = first(kv, "username", "userid", "user", "uid");
        // Like Npgsql and libpq, the database defaults to the user's name.
        String database = first(kv, "database", "db", "initialcatalog").or(() -> user).orElse("postgres");
        Optional<String> password = first(kv, "password", "pwd");

        StringBuilder url = new StringBuilder("jdbc:postgresql://");
        // Npgsql accepts a comma-separated host list, each optionally with its own port; pgjdbc wants host:port pairs.
        String[] hosts = host.split(",", -1);
        for (int i = 0; i < hosts.length; i++) {
            String h = hosts[i].trim();
            if (h.isEmpty()) {
                throw new IllegalArgumentException("Postgres connection string has an empty host in Host=" + host);
            }
            url.append(i > 0 ? "," : "").append(hostAndPort(h, port));
        }
        url.append('/').append(database);

        Map<String, String> props = new LinkedHashMap<>();
        first(kv, "sslmode").map(PostgresConnectionString::sslMode).ifPresent(m -> props.put("sslmode", m));
        first(kv, "timeout").ifPresent(t -> props.put("connectTimeout", seconds(t, "Timeout")));
        first(kv, "keepalive", "tcpkeepalive").ifPresent(k -> props.put("tcpKeepAlive", "true"));
        first(kv, "applicationname").ifPresent(a -> props.put("ApplicationName", a));
        first(kv, "searchpath").ifPresent(p -> props.put("currentSchema", p));
        first(kv, "targetsessionattributes").ifPresent(t -> props.put("targetServerType", targetServerType(t)));
        if (first(kv, "trustservercertificate").filter("true"::equalsIgnoreCase).isPresent()) {
            props.put("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
        }
        Optional<Integer> maxPool = first(kv, "maximumpoolsize", "maxpoolsize")
                .map(v -> positive(v, "Maximum Pool Size"));
        return new PostgresConnectionString(url.toString(), user, password, props, maxPool);
    }

    /** {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 address, with the default port added. */
    private static String hostAndPort(String h, int defaultPort) {
        if (h.startsWith("[")) {
            return h.contains("]:") ? h : h + ":" + defaultPort;
        }
        long colons = h.chars().filter(c -> c == ':').count();
        if (colons == 1) {
            return h;
        }
        return hostForUrl(h) + ":" + defaultPort;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static int port(String value) {
        int p = positive(value, "Port");
        if (p > 65535) {
            throw new IllegalArgumentException("Postgres connection string has an invalid Port: " + value);
        }
        return p;
    }

    private static int positive(String value, String name) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Postgres connection string has an invalid " + name + ": " + value);
        }
    }

    private static String seconds(String value, String name) {
        try {
            return Integer.toString(Math.max(0, Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Postgres connection string has an invalid " + name + ": " + value);
        }
    }

    /** Npgsql's SslMode names (Disable, Allow, Prefer, Require, VerifyCA, VerifyFull) in libpq spelling. */
    private static String sslMode(String npgsql) {
        return switch (npgsql.toLowerCase(Locale.ROOT).replace("-", "")) {
            case "disable" -> "disable";
            case "allow" -> "allow";
            case "prefer" -> "prefer";
            case "require" -> "require";
            case "verifyca" -> "verify-ca";
            case "verifyfull" -> "verify-full";
            default -> throw new IllegalArgumentException("Postgres connection string has an unknown SSL Mode: " + npgsql);
        };
    }

    private static String targetServerType(String npgsql) {
        return switch (npgsql.toLowerCase(Locale.ROOT).replace("-", "")) {
            case "any" -> "any";
            case "primary", "readwrite" -> "primary";
            case "standby", "readonly" -> "secondary";
            case "preferprimary" -> "preferPrimary";
            case "preferstandby" -> "preferSecondary";
            default -> "any";
        };
    }

    private static Optional<String> first(Map<String, String> kv, String... keys) {
        for (String k : keys) {
            String v = kv.get(k.toLowerCase(Locale.ROOT));
            if (v != null && !v.isEmpty()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
