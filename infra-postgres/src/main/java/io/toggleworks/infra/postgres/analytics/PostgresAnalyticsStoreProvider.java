package io.toggleworks.infra.postgres.analytics;

import com.zaxxer.hikari.HikariDataSource;
import io.toggleworks.infra.postgres.jdbc.PostgresConnectionString;
import io.toggleworks.infra.postgres.jdbc.PostgresDataSources;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.AnalyticsStoreProvider;
import io.toggleworks.spi.config.ProviderConfig;

/**
 * {@code DB_PROVIDER=Postgres}. The pool defaults to 10 connections (FeatBit's DAS keeps 10 to 100);
 * {@code POSTGRES_MAX_POOL_SIZE} or {@code Maximum Pool Size} in the connection string change it.
 */
public final class PostgresAnalyticsStoreProvider implements AnalyticsStoreProvider {
    @Override
    public String name() {
        return "Postgres";
    }

    @Override
    public AnalyticsStore create(ProviderConfig config) {
        PostgresConnectionString cs = PostgresAnalyticsSettings.connectionString(config);
        HikariDataSource pool = PostgresDataSources.pool(cs, "analytics", config.getInt("POSTGRES_MAX_POOL_SIZE", 10));
        return new PostgresAnalyticsStore(pool, pool);
    }
}
