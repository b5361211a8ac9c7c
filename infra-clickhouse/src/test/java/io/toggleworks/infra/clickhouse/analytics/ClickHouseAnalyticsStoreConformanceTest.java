package io.toggleworks.infra.clickhouse.analytics;

import io.toggleworks.infra.clickhouse.testing.ClickHouseTestServer;
import io.toggleworks.testkit.analytics.AnalyticsStoreConformanceTest;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.AnalyticsStoreProvider;
import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The provider-independent analytics suite on ClickHouse, found through the provider name as a service would. */
class ClickHouseAnalyticsStoreConformanceTest extends AnalyticsStoreConformanceTest {
    private static ClickHouseTestServer.Database database;

    @BeforeAll
    static void createDatabase() {
        database = ClickHouseTestServer.newDatabase();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    static AnalyticsStore open(ProviderConfig config) {
        return ServiceLoader.load(AnalyticsStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("ClickHouse"))
                .findFirst().orElseThrow()
                .create(config);
    }

    @Override
    protected AnalyticsStore openStore() {
        return open(database.config());
    }

    @Override
    protected Optional<AnalyticsStore> openUnreachableStore() {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(open(ProviderConfig.of(Map.of(
                "CLICKHOUSE_HOST", "127.0.0.1",
                "CLICKHOUSE_HTTP_PORT", Integer.toString(closedPort),
                "CLICKHOUSE_DATABASE", database.name(),
                "CLICKHOUSE_CONNECT_TIMEOUT_MS", "500"))));
    }
}
