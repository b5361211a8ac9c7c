package io.toggleworks.benchmarks.analytics;

import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.AnalyticsStoreProvider;
import io.toggleworks.spi.config.ProviderConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * One store under test: a fresh database of its own on its server, the {@link AnalyticsStore} on it (made by the
 * provider the DAS would pick by name), and what can be learnt about the server cheaply. {@link #close()} drops the
 * database and stops any server it started.
 */
interface Target extends AutoCloseable {
    /** "Postgres", "ClickHouse", "MongoDb": the provider name. */
    String provider();

    /** The server, e.g. "PostgreSQL 15.20" or "mongo-java-server 1.47.0 (in-memory emulator)". */
    String server();

    AnalyticsStore store();

    /** What the store needs after a bulk load before queries are representative (e.g. ANALYZE); nothing by default. */
    default String afterIngest() {
        return "";
    }

    /** Database size and similar facts after the load; empty when not cheap to get. */
    default Map<String, Object> sizes() {
        return new LinkedHashMap<>();
    }

    /** Server settings that shape the numbers (memory, durability, parallelism); empty when there are none to tell. */
    default Map<String, Object> serverSettings() {
        return new LinkedHashMap<>();
    }

    /** CPU time the server's processes have used so far, in ns, for those it can see; -1 when not measurable. */
    default long serverCpuNanos() {
        return -1;
    }

    @Override
    void close();

    static AnalyticsStore open(String provider, Map<String, String> settings) {
        return ServiceLoader.load(AnalyticsStoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(provider)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no analytics store provider named " + provider))
                .create(ProviderConfig.of(settings));
    }
}
