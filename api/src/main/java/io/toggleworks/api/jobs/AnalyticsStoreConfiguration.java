package io.toggleworks.api.jobs;

import io.toggleworks.infra.postgres.analytics.PostgresAnalyticsStore;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.AnalyticsStoreProvider;
import io.toggleworks.spi.config.ProviderConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where the insight handler writes {@code featbit-insights} (ADR 0077): {@code Analytics__Provider} names a
 * {@link AnalyticsStoreProvider} ({@code Postgres}, {@code MongoDb}, {@code ClickHouse}), found by
 * {@link ServiceLoader}; unset, it is the main database. Not {@code DB_PROVIDER}: that is the DAS's setting, and
 * {@code DbProvider} is the API's main database, which stays PostgreSQL when analytics move to ClickHouse.
 * {@code Postgres} reuses the API's own pool rather than opening a second one; the other providers read their own
 * settings ({@code CLICKHOUSE_HOST}, {@code MONGO_URI}, ...) as in the DAS.
 */
@Configuration(proxyBeanMethods = false)
public class AnalyticsStoreConfiguration {
    public static final String PROVIDER_SETTING = "Analytics__Provider";
    private static final Logger log = LoggerFactory.getLogger(AnalyticsStoreConfiguration.class);

    @Bean(destroyMethod = "close")
    public AnalyticsStore analyticsStore(ProviderConfig config, ObjectProvider<DataSource> dataSource) {
        // No DataSource with DbProvider=MongoDb: the Postgres analytics store is then only chosen explicitly.
        return create(config, dataSource.getIfAvailable());
    }

    static AnalyticsStore create(ProviderConfig config, DataSource dataSource) {
        String wanted = providerName(config);
        if (wanted.equalsIgnoreCase("Postgres")) {
            if (dataSource == null) {
                throw new IllegalStateException(PROVIDER_SETTING + "=Postgres needs DbProvider=Postgres; with DbProvider=MongoDb"
                        + " choose MongoDb or ClickHouse");
            }
            // The API's pool: the store does not own it, so closing the store leaves it open.
            return new PostgresAnalyticsStore(dataSource, () -> { });
        }
        List<AnalyticsStoreProvider> providers = ServiceLoader.load(AnalyticsStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        AnalyticsStoreProvider provider = providers.stream().filter(p -> p.name().equalsIgnoreCase(wanted)).findFirst()
                .orElseThrow(() -> new IllegalStateException(PROVIDER_SETTING + "=" + wanted + " is not available; installed: "
                        + providers.stream().map(AnalyticsStoreProvider::name).toList()));
        log.info("Insight events go to the {} analytics store", provider.name());
        return provider.create(config);
    }

    /** ClickHouse reads {@code featbit-insights} through its Kafka engine, so the API must not consume it as well. */
    static boolean clickHouseConsumesInsights(ProviderConfig config) {
        return providerName(config).equalsIgnoreCase("ClickHouse")
                && Boolean.parseBoolean(config.get("CLICKHOUSE_KAFKA_ENGINE", "false").trim());
    }

    /** {@code Analytics__Provider}, else the main database ({@code DbProvider}, default {@code Postgres}). */
    static String providerName(ProviderConfig config) {
        return config.get(PROVIDER_SETTING).or(() -> config.get("DbProvider")).orElse("Postgres").trim();
    }
}
