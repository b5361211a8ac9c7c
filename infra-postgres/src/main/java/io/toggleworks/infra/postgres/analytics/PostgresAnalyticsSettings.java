package io.toggleworks.infra.postgres.analytics;

import io.toggleworks.infra.postgres.jdbc.PostgresConnectionString;
import io.toggleworks.spi.config.ProviderConfig;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the analytics store connects, from FeatBit's DAS settings (§5.2): {@code POSTGRES_CONNECTION_STRING} (a libpq
 * key/value string or URI) wins; otherwise {@code POSTGRES_HOST}, {@code POSTGRES_PORT}, {@code POSTGRES_USER},
 * {@code POSTGRES_PASSWORD}, {@code POSTGRES_DATABASE} when any of them is set; otherwise the API's
 * {@code Postgres__ConnectionString}, so one environment file can serve API and DAS; otherwise FeatBit's defaults.
 */
final class PostgresAnalyticsSettings {
    private PostgresAnalyticsSettings() {
    }

    static PostgresConnectionString connectionString(ProviderConfig config) {
        Optional<String> libpq = config.get("POSTGRES_CONNECTION_STRING");
        if (libpq.isPresent()) {
            String s = libpq.get().trim();
            return s.contains("://") || s.startsWith("jdbc:") ? PostgresConnectionString.parse(s)
                    : PostgresConnectionString.parse(npgsqlFromLibpq(s));
        }
        boolean dasKeys = java.util.stream.Stream.of("HOST", "PORT", "USER", "PASSWORD", "DATABASE")
                .anyMatch(k -> config.get("POSTGRES_" + k).isPresent());
        Optional<String> api = config.get("Postgres__ConnectionString");
        if (!dasKeys && api.isPresent()) {
            return PostgresConnectionString.parse(api.get());
        }
        return PostgresConnectionString.parse("Host=" + config.get("POSTGRES_HOST", "postgresql")
                + ";Port=" + config.get("POSTGRES_PORT", "5432")
                + ";Username=" + config.get("POSTGRES_USER", "postgres")
                + ";Password=" + quote(config.get("POSTGRES_PASSWORD", "please_change_me"))
                + ";Database=" + config.get("POSTGRES_DATABASE", "featbit"));
    }

    /** {@code host=h port=5432 dbname=featbit user=u password='p w'} → Npgsql keywords. */
    static String npgsqlFromLibpq(String conninfo) {
        Map<String, String> kv = new LinkedHashMap<>();
        int i = 0;
        int n = conninfo.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(conninfo.charAt(i))) {
                i++;
            }
            int eq = conninfo.indexOf('=', i);
            if (i >= n || eq < 0) {
                break;
            }
            String key = conninfo.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && conninfo.charAt(i) == ' ') {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && conninfo.charAt(i) == '\'') {
                i++;
                while (i < n && conninfo.charAt(i) != '\'') {
                    char c = conninfo.charAt(i++);
                    value.append(c == '\\' && i < n ? conninfo.charAt(i++) : c);
                }
                i++;
            } else {
                while (i < n && !Character.isWhitespace(conninfo.charAt(i))) {
                    char c = conninfo.charAt(i++);
                    value.append(c == '\\' && i < n ? conninfo.charAt(i++) : c);
                }
            }
            kv.put(key, value.toString());
        }
        StringBuilder b = new StringBuilder();
        Map<String, String> names = Map.of("host", "Host", "hostaddr", "Host", "port", "Port", "dbname", "Database",
                "user", "Username", "password", "Password", "sslmode", "SslMode", "application_name", "Application Name");
        kv.forEach((k, v) -> {
            String name = names.get(k);
            if (name != null) {
                b.append(name).append('=').append(quote(v)).append(';');
            }
        });
        return b.toString();
    }

    private static String quote(String v) {
        return v.contains(";") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
