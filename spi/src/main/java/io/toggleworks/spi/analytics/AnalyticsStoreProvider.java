package io.toggleworks.spi.analytics;

import io.toggleworks.spi.config.ProviderConfig;

/**
 * Creates the {@link AnalyticsStore} for one analytics back end (Postgres, MongoDb, ClickHouse); found by
 * {@link java.util.ServiceLoader}.
 */
public interface AnalyticsStoreProvider {
    String name();

    AnalyticsStore create(ProviderConfig config);
}
