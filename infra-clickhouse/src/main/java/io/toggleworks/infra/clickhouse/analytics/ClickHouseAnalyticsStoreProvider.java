package io.toggleworks.infra.clickhouse.analytics;

import io.toggleworks.infra.clickhouse.ClickHouseSettings;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.AnalyticsStoreProvider;
import io.toggleworks.spi.config.ProviderConfig;

/** {@code ClickHouse}: the analytics store of the Professional tier, configured by FeatBit's CLICKHOUSE_* variables. */
public final class ClickHouseAnalyticsStoreProvider implements AnalyticsStoreProvider {
    @Override
    public String name() {
        return "ClickHouse";
    }

    @Override
    public AnalyticsStore create(ProviderConfig config) {
        // CLICKHOUSE_KAFKA_ENGINE=true: ClickHouse consumes featbit-insights itself (ADR 0081, current releases).
        boolean kafkaEngine = Boolean.parseBoolean(config.get("CLICKHOUSE_KAFKA_ENGINE", "false").trim());
        return new ClickHouseAnalyticsStore(ClickHouseSettings.from(config),
                kafkaEngine ? config.get("CLICKHOUSE_KAFKA_HOSTS", "kafka:9092") : null);
    }
}
