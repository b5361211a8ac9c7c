package io.toggleworks.infra.postgres.analytics;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.toggleworks.infra.postgres.testing.PostgresTestDatabase;
import io.toggleworks.testkit.analytics.AnalyticsStoreConformanceTest;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.config.ProviderConfig;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;

/** The analytics conformance suite on a real PostgreSQL, in a random database migrated by the platform's Flyway scripts. */
class PostgresAnalyticsStoreConformanceTest extends AnalyticsStoreConformanceTest {
    static PostgresTestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = PostgresTestDatabase.create("tw_analytics");
        Flyway.configure().dataSource(db.jdbcUrl(), "postgres", "").locations("classpath:db/migration/postgresql").load().migrate();
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected AnalyticsStore openStore() {
        return new PostgresAnalyticsStoreProvider().create(ProviderConfig.of(Map.of("Postgres__ConnectionString", db.npgsqlConnectionString())));
    }

    @Override
    protected Optional<AnalyticsStore> openUnreachableStore() {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Optional.of(new PostgresAnalyticsStoreProvider().create(ProviderConfig.of(Map.of(
                "POSTGRES_HOST", "127.0.0.1", "POSTGRES_PORT", String.valueOf(closedPort), "POSTGRES_PASSWORD", "x"))));
    }

    /**
     * The whole suite again with sessions in UTC+14: the timestamp column has no zone, and FeatBit's DAS only gives
     * right answers when the session zone is UTC; ours must not depend on it.
     */
    @Nested
    class InASessionTimeZoneFarFromUtc extends AnalyticsStoreConformanceTest {
        @Override
        protected AnalyticsStore openStore() {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(db.jdbcUrl());
            hc.setUsername("postgres");
            hc.setPassword("");
            hc.setMaximumPoolSize(2);
            hc.setConnectionInitSql("set time zone 'Pacific/Kiritimati'");
            HikariDataSource ds = new HikariDataSource(hc);
            return new PostgresAnalyticsStore(ds, ds);
        }
    }
}
