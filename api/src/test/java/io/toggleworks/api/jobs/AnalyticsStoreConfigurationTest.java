package io.toggleworks.api.jobs;

import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which analytics store the insight handler writes to (ADR 0077); the store itself is covered by InsightJobHandlerTest. */
class AnalyticsStoreConfigurationTest {

    @Test
    void defaultsToTheMainDatabaseAndAnalyticsProviderWins() {
        assertThat(AnalyticsStoreConfiguration.providerName(ProviderConfig.of(Map.of()))).isEqualTo("Postgres");
        assertThat(AnalyticsStoreConfiguration.providerName(ProviderConfig.of(Map.of("DbProvider", "MongoDb"))))
                .isEqualTo("MongoDb");
        // The DAS's DB_PROVIDER does not move the API's writes.
        assertThat(AnalyticsStoreConfiguration.providerName(ProviderConfig.of(Map.of("DB_PROVIDER", "ClickHouse"))))
                .isEqualTo("Postgres");
        assertThat(AnalyticsStoreConfiguration.providerName(
                ProviderConfig.of(Map.of("DbProvider", "Postgres", "Analytics__Provider", " ClickHouse "))))
                .isEqualTo("ClickHouse");
        assertThat(AnalyticsStoreConfiguration.providerName(ProviderConfig.of(Map.of("analytics:provider", "MongoDb"))))
                .isEqualTo("MongoDb");
    }

    @Test
    void theApiLeavesInsightsToClickHousesKafkaEngineOnlyWhenBothAreChosen() {
        assertThat(AnalyticsStoreConfiguration.clickHouseConsumesInsights(ProviderConfig.of(
                Map.of("Analytics__Provider", "ClickHouse", "CLICKHOUSE_KAFKA_ENGINE", "true")))).isTrue();
        assertThat(AnalyticsStoreConfiguration.clickHouseConsumesInsights(ProviderConfig.of(
                Map.of("Analytics__Provider", "ClickHouse")))).isFalse();
        // The DAS's ClickHouse with a Kafka engine does not stop an API that writes to PostgreSQL.
        assertThat(AnalyticsStoreConfiguration.clickHouseConsumesInsights(ProviderConfig.of(
                Map.of("DB_PROVIDER", "ClickHouse", "CLICKHOUSE_KAFKA_ENGINE", "true")))).isFalse();
    }

    @Test
    void anUnknownProviderFailsAtStartNamingTheInstalledOnes() {
        assertThatThrownBy(() -> AnalyticsStoreConfiguration.create(
                ProviderConfig.of(Map.of("Analytics__Provider", "Cassandra")), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Analytics__Provider=Cassandra")
                .hasMessageContaining("Postgres").hasMessageContaining("MongoDb").hasMessageContaining("ClickHouse");
    }
}
