package io.toggleworks.infra.clickhouse;

import io.toggleworks.spi.config.ProviderConfig;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach ClickHouse, read from FeatBit's DAS variables (infrastructure-and-analytics.md §5.2) so an existing
 * deployment's environment works unchanged. We speak HTTP only, so {@code CLICKHOUSE_PORT} (native protocol) is not
 * used.
 *
 * @param endpoints      {@code CLICKHOUSE_HOST} first, then the hosts of {@code CLICKHOUSE_ALT_HOST}, all on
 *                       {@code CLICKHOUSE_HTTP_PORT}; a request that cannot connect tries the next one
 * @param insertBatchRows rows per INSERT request; a larger append is split (each part is idempotent on its own)
 */
public record ClickHouseSettings(List<URI> endpoints, String user, String password, String database,
                                 Duration connectTimeout, Duration requestTimeout, int insertBatchRows,
                                 Tls tls) {
    /**
     * How HTTPS servers are trusted ({@code CLICKHOUSE_SECURE=true}): the JVM's trust store by default, only the
     * certificates of {@code CLICKHOUSE_CA} (a PEM file) when set, or anything when {@code CLICKHOUSE_VERIFY=false}
     * (FeatBit's switch for self-signed test set-ups; it also skips the host-name check).
     */
    public record Tls(Optional<Path> caFile, boolean verify) {
        public Tls {
            Objects.requireNonNull(caFile, "caFile");
        }

        public static final Tls DEFAULT = new Tls(Optional.empty(), true);
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ClickHouseSettings {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("ClickHouse: at least one endpoint is needed");
        }
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(password, "password");
        if (!IDENTIFIER.matcher(database).matches()) {
            // The name is spliced into DDL and queries; refuse anything that would need quoting.
            throw new IllegalArgumentException("CLICKHOUSE_DATABASE must match " + IDENTIFIER.pattern() + ": " + database);
        }
        if (insertBatchRows < 1) {
            throw new IllegalArgumentException("CLICKHOUSE_INSERT_BATCH_ROWS must be at least 1");
        }
    }

    public static ClickHouseSettings from(ProviderConfig config) {
        boolean secure = Boolean.parseBoolean(config.get("CLICKHOUSE_SECURE", "false").trim());
        String scheme = secure ? "https" : "http";
        int httpPort = config.getInt("CLICKHOUSE_HTTP_PORT", 8123);
        List<URI> endpoints = new ArrayList<>();
        endpoints.add(endpoint(scheme, config.get("CLICKHOUSE_HOST", "clickhouse-server").trim(), httpPort));
        for (String alt : config.get("CLICKHOUSE_ALT_HOST", "").split(",")) {
            if (!alt.isBlank()) {
                endpoints.add(endpoint(scheme, alt.trim(), httpPort));
            }
        }
        String database = config.get("CLICKHOUSE_DATABASE", "featbit").trim()
                + config.get("SUFFIX").map(String::trim).orElse("");
        return new ClickHouseSettings(endpoints,
                config.get("CLICKHOUSE_USER", "default"),
                config.get("CLICKHOUSE_PASSWORD").orElse(""),
                database,
                Duration.ofMillis(config.getInt("CLICKHOUSE_CONNECT_TIMEOUT_MS", 5_000)),
                Duration.ofMillis(config.getInt("CLICKHOUSE_REQUEST_TIMEOUT_MS", 60_000)),
                config.getInt("CLICKHOUSE_INSERT_BATCH_ROWS", 10_000),
                new Tls(config.get("CLICKHOUSE_CA").map(String::trim).map(Path::of),
                        Boolean.parseBoolean(config.get("CLICKHOUSE_VERIFY", "true").trim())));
    }

    /**
     * An ALT_HOST entry is {@code host:port} with FeatBit's native-protocol port; we speak HTTP, so only the host is
     * taken and the HTTP port applies to every host.
     */
    private static URI endpoint(String scheme, String hostAndPort, int httpPort) {
        String host = hostAndPort;
        int colon = hostAndPort.lastIndexOf(':');
        if (colon > 0 && !hostAndPort.endsWith("]") && hostAndPort.indexOf(':') == colon) {
            host = hostAndPort.substring(0, colon);
        }
        return URI.create(scheme + "://" + host + ":" + httpPort + "/");
    }
}
