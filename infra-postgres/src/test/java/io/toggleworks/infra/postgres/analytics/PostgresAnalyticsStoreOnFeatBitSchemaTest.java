package io.toggleworks.infra.postgres.analytics;

import io.toggleworks.infra.postgres.testing.PostgresTestDatabase;
import io.toggleworks.testkit.analytics.AnalyticsStoreConformanceTest;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance suite on a database the platform never migrated, as FeatBit's DAS finds one: the store creates
 * FeatBit's {@code events} table itself and, without the V101 tag columns, queries the JSONB properties. Configured
 * with FeatBit's DAS settings ({@code POSTGRES_HOST}, ...).
 */
class PostgresAnalyticsStoreOnFeatBitSchemaTest extends AnalyticsStoreConformanceTest {
    static PostgresTestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = PostgresTestDatabase.create("tw_analytics_fb");
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected AnalyticsStore openStore() {
        return new PostgresAnalyticsStoreProvider().create(ProviderConfig.of(Map.of("POSTGRES_HOST", "127.0.0.1",
                "POSTGRES_PORT", String.valueOf(db.port()), "POSTGRES_USER", "postgres", "POSTGRES_PASSWORD", "",
                "POSTGRES_DATABASE", db.name())));
    }

    @Test
    void theStoreCreatedFeatBitsTableWithoutTagColumns() throws Exception {
        store.isAvailable();
        store.append(java.util.List.of());
        store.flagInsights(new io.toggleworks.spi.analytics.FlagInsightsQuery(env, flagId("f"), io.toggleworks.spi.analytics.IntervalType.DAY,
                java.time.Instant.EPOCH, java.time.Instant.now(), java.time.ZoneOffset.UTC));
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select string_agg(column_name, ',' order by ordinal_position) from information_schema.columns where table_name = 'events'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("id,distinct_id,env_id,event,properties,timestamp");
        }
    }
}
