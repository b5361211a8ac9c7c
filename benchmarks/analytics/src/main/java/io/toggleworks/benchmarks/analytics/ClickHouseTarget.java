package io.toggleworks.benchmarks.analytics;

import io.toggleworks.infra.clickhouse.ClickHouseHttp;
import io.toggleworks.infra.clickhouse.ClickHouseSettings;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.config.ProviderConfig;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A random database on a private {@code clickhouse-server} started for this run (or on the server at
 * {@code --clickhouse-url}); the store creates its table there. Dropped, and the private server stopped, at the end.
 */
final class ClickHouseTarget implements Target {
    private final PrivateClickHouse server;
    private final String database = "tw_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Map<String, String> settings;
    private final ClickHouseHttp http;
    private final String version;
    private final AnalyticsStore store;

    ClickHouseTarget(URI external) {
        server = external == null ? PrivateClickHouse.start() : null;
        URI uri = external == null ? server.uri() : external;
        settings = Map.of("CLICKHOUSE_HOST", uri.getHost(), "CLICKHOUSE_HTTP_PORT", Integer.toString(uri.getPort()),
                "CLICKHOUSE_DATABASE", database, "CLICKHOUSE_REQUEST_TIMEOUT_MS", "600000");
        http = new ClickHouseHttp(ClickHouseSettings.from(ProviderConfig.of(settings)));
        try {
            version = "ClickHouse " + http.query("SELECT version() FORMAT TSV").trim()
                    + (server == null ? " at " + uri : " (private server, Debian package config)");
            store = Target.open("ClickHouse", settings);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String provider() {
        return "ClickHouse";
    }

    @Override
    public String server() {
        return version;
    }

    @Override
    public AnalyticsStore store() {
        return store;
    }

    @Override
    public Map<String, Object> sizes() {
        Map<String, Object> sizes = new LinkedHashMap<>();
        try {
            String[] f = http.query("SELECT sum(bytes_on_disk), sum(data_uncompressed_bytes), count() FROM system.parts"
                    + " WHERE database = '" + database + "' AND table = 'events' AND active FORMAT TSV").trim().split("\t");
            sizes.put("events_total_bytes", Long.parseLong(f[0]));
            sizes.put("events_uncompressed_bytes", Long.parseLong(f[1]));
            sizes.put("active_parts", Long.parseLong(f[2]));
        } catch (RuntimeException e) {
            sizes.put("error", e.getMessage());
        }
        return sizes;
    }

    @Override
    public long serverCpuNanos() {
        return server == null ? -1 : ProcCpu.processNanos(server.pid());
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
        try {
            http.execute("DROP DATABASE IF EXISTS `" + database + "`");
        } catch (RuntimeException e) {
            System.err.println("could not drop ClickHouse database " + database + ": " + e.getMessage());
        }
        http.close();
        if (server != null) {
            server.close();
        }
    }
}
