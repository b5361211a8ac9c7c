package io.toggleworks.api.cache;

import io.toggleworks.api.messaging.CacheWriter;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.FlagCacheProviders;
import io.toggleworks.spi.config.ProviderConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cache FeatBit's {@code CacheProvider} names (default {@code None}), found with {@link java.util.ServiceLoader},
 * and the {@link CacheWriter} the change pipeline calls after each commit.
 */
@Configuration(proxyBeanMethods = false)
public class CacheConfiguration {
    @Bean(destroyMethod = "close")
    public FlagCache flagCache(ProviderConfig config) {
        return FlagCacheProviders.create(config);
    }

    @Bean
    public CacheWriter cacheWriter(FlagCache cache, CacheQueries queries, CacheRepair repair) {
        return new FlagCacheWriter(cache, queries, repair);
    }
}
