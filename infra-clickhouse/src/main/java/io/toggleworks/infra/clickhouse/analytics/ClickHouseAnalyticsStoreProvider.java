package io.toggleworks.infra.clickhouse.analytics;

import io.toggleworks.infra.clickhouse.ClickHouseSettings;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.AnalyticsStoreProvider;
import io.toggleworks.spi.config.ProviderConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** {@code ClickHouse}: the analytics store of the Professional tier, configured by FeatBit's CLICKHOUSE_* variables. */
public final class ClickHouseAnalyticsStoreProvider implements AnalyticsStoreProvider {
    @Override
    public String name() {
        return "ClickHouse";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseAnalyticsStoreProvider.class);

    @Override
    public AnalyticsStore create(ProviderConfig config) {
        if (config.get("CLICKHOUSE_REPLICATION").map(v -> Boolean.parseBoolean(v.trim())).orElse(false)) {
            // FeatBit's compose files set it; our tables are local to one node so far (ADR 0080).
            LOG.warn("CLICKHOUSE_REPLICATION=true is not supported yet: the events table is created as a local table"
                    + " on the server at CLICKHOUSE_HOST, without ON CLUSTER");
        }
        // CLICKHOUSE_KAFKA_ENGINE=true: ClickHouse consumes featbit-insights itself (ADR 0081, current releases).
        boolean kafkaEngine = Boolean.parseBoolean(config.get("CLICKHOUSE_KAFKA_ENGINE", "false").trim());
        return new ClickHouseAnalyticsStore(ClickHouseSettings.from(config),
                kafkaEngine ? Optional.of(config.get("CLICKHOUSE_KAFKA_HOSTS", "kafka:9092")) : Optional.empty());
    }
}
