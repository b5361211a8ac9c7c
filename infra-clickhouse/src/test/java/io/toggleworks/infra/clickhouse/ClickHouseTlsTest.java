package io.toggleworks.infra.clickhouse;

import io.toggleworks.infra.clickhouse.analytics.ClickHouseAnalyticsStoreProvider;
import io.toggleworks.infra.clickhouse.testing.ClickHouseTestServer;
import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code CLICKHOUSE_SECURE}, {@code CLICKHOUSE_CA} and {@code CLICKHOUSE_VERIFY} against the private server's HTTPS port. */
class ClickHouseTlsTest {
    private static ClickHouseTestServer.Database database;
    private static ClickHouseTestServer.Https https;

    @BeforeAll
    static void start() {
        database = ClickHouseTestServer.newDatabase();
        https = ClickHouseTestServer.https();
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    private static ProviderConfig secure(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of(
                "CLICKHOUSE_SECURE", "true",
                "CLICKHOUSE_HOST", "127.0.0.1",
                "CLICKHOUSE_HTTP_PORT", Integer.toString(https.port()),
                "CLICKHOUSE_CONNECT_TIMEOUT_MS", "2000"));
        values.putAll(extra);
        return database.config(values);
    }

    private static AnalyticsEvent event() {
        return new AnalyticsEvent(UUID.randomUUID(), "d", "e", "FlagValue", "{}", 1_718_000_000_000_000L);
    }

    @Test
    void theServerIsTrustedThroughTheGivenCaFile() {
        try (AnalyticsStore store = new ClickHouseAnalyticsStoreProvider()
                .create(secure(Map.of("CLICKHOUSE_CA", https.certificate().toString())))) {
            assertThat(store.isAvailable()).isTrue();
            store.append(List.of(event()));
        }
    }

    @Test
    void anUnknownCertificateIsRefusedAsUnavailable() {
        try (AnalyticsStore store = new ClickHouseAnalyticsStoreProvider().create(secure(Map.of()))) {
            assertThat(store.isAvailable()).isFalse();
            assertThatThrownBy(() -> store.append(List.of(event()))).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void verifyFalseAcceptsAnyCertificate() {
        try (AnalyticsStore store = new ClickHouseAnalyticsStoreProvider()
                .create(secure(Map.of("CLICKHOUSE_VERIFY", "false")))) {
            assertThat(store.isAvailable()).isTrue();
            store.append(List.of(event()));
        }
    }

    @Test
    void aCaFileWithoutCertificatesIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> new ClickHouseAnalyticsStoreProvider()
                .create(secure(Map.of("CLICKHOUSE_CA", notPem.toString()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CLICKHOUSE_CA");
    }
}
