package io.toggleworks.infra.postgres.analytics;

import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresAnalyticsSettingsTest {

    @Test
    void featBitsDasSettingsWin() {
        var cs = PostgresAnalyticsSettings.connectionString(ProviderConfig.of(Map.of(
                "POSTGRES_HOST", "db", "POSTGRES_PORT", "6543", "POSTGRES_USER", "u", "POSTGRES_PASSWORD", "p;w",
                "POSTGRES_DATABASE", "fb", "Postgres__ConnectionString", "Host=other;Database=x")));
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://db:6543/fb");
        assertThat(cs.user()).contains("u");
        assertThat(cs.password()).contains("p;w");
    }

    @Test
    void aLibpqConnectionStringWinsOverEverything() {
        var cs = PostgresAnalyticsSettings.connectionString(ProviderConfig.of(Map.of(
                "POSTGRES_CONNECTION_STRING", "host=pg port=5433 dbname=analytics user=reader password='s e;cret'",
                "POSTGRES_HOST", "ignored")));
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://pg:5433/analytics");
        assertThat(cs.user()).contains("reader");
        assertThat(cs.password()).contains("s e;cret");
        assertThat(PostgresAnalyticsSettings.connectionString(ProviderConfig.of(Map.of(
                "POSTGRES_CONNECTION_STRING", "postgresql://u:pw@h:5432/db"))).jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    }

    @Test
    void theApisSettingServesWhenNoDasSettingIsGiven() {
        assertThat(PostgresAnalyticsSettings.connectionString(ProviderConfig.of(Map.of(
                "Postgres__ConnectionString", "Host=api-db;Port=5432;Username=postgres;Database=featbit"))).jdbcUrl())
                .isEqualTo("jdbc:postgresql://api-db:5432/featbit");
        assertThat(PostgresAnalyticsSettings.connectionString(ProviderConfig.of(Map.of())).jdbcUrl())
                .isEqualTo("jdbc:postgresql://postgresql:5432/featbit");
    }
}
