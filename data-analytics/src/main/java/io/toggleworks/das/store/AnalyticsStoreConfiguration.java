package io.toggleworks.das.store;

import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.AnalyticsStoreProvider;
import io.toggleworks.spi.config.ProviderConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The analytics store named by FeatBit's {@code DB_PROVIDER} ({@code Postgres}, {@code MongoDb}, {@code ClickHouse}),
 * found by {@link ServiceLoader} so the DAS never names an implementation. The provider reads its own settings
 * (FeatBit's DAS names such as {@code POSTGRES_HOST}, {@code MONGO_URI}, {@code CLICKHOUSE_HOST}) from every Spring
 * property source: environment, system properties, command line and application.properties.
 */
@Configuration(proxyBeanMethods = false)
public class AnalyticsStoreConfiguration {

    @Bean(destroyMethod = "close")
    public AnalyticsStore analyticsStore(ConfigurableEnvironment environment) {
        ProviderConfig config = providerConfig(environment);
        String wanted = config.get("DB_PROVIDER", "Postgres").trim();
        List<AnalyticsStoreProvider> providers = ServiceLoader.load(AnalyticsStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        return providers.stream().filter(p -> p.name().equalsIgnoreCase(wanted)).findFirst()
                .orElseThrow(() -> new IllegalStateException("DB_PROVIDER=" + wanted + " is not available; installed: "
                        + providers.stream().map(AnalyticsStoreProvider::name).toList()))
                .create(config);
    }

    static ProviderConfig providerConfig(ConfigurableEnvironment environment) {
        Map<String, String> all = new HashMap<>();
        // Lowest precedence first, so the later (higher) sources overwrite.
        List<EnumerablePropertySource<?>> sources = environment.getPropertySources().stream()
                .filter(s -> s instanceof EnumerablePropertySource<?>).<EnumerablePropertySource<?>>map(s -> (EnumerablePropertySource<?>) s).toList();
        for (EnumerablePropertySource<?> source : sources.reversed()) {
            for (String name : source.getPropertyNames()) {
                Object value = source.getProperty(name);
                if (value != null) {
                    all.put(name, String.valueOf(value));
                }
            }
        }
        return ProviderConfig.of(all);
    }
}
