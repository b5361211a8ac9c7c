package io.toggleworks.infra.postgres.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.toggleworks.infra.postgres.jdbc.PostgresConnectionString;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.EvaluationStoreProvider;

/** {@code DbProvider=Postgres}: the Evaluation Server reads FeatBit's PostgreSQL database directly. */
public final class PostgresEvaluationStoreProvider implements EvaluationStoreProvider {
    @Override
    public String name() {
        return "Postgres";
    }

    @Override
    public EvaluationStore create(ProviderConfig config) {
        String text = config.get("Postgres:ConnectionString")
                .orElse("Host=localhost;Port=5432;Username=postgres;Database=featbit");
        PostgresConnectionString cs = PostgresConnectionString.parse(text).withPassword(config.get("Postgres:Password"));
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(cs.jdbcUrl());
        // user, password and what the string sets (sslmode, timeouts, ...) travel as driver properties.
        hc.setDataSourceProperties(cs.connectionProperties());
        hc.setPoolName("els-store");
        hc.setMaximumPoolSize(config.getInt("Postgres:MaxPoolSize", 10));
        hc.setMinimumIdle(1);
        // Fail fast so an outage becomes "unavailable" (close 1011, SDKs retry) rather than a hung handshake.
        hc.setConnectionTimeout(5_000);
        hc.setInitializationFailTimeout(-1);
        hc.setReadOnly(true);
        HikariDataSource ds = new HikariDataSource(hc);
        return new PostgresEvaluationStore(ds, ds);
    }
}
