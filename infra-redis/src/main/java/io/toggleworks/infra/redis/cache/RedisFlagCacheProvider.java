package io.toggleworks.infra.redis.cache;

import io.toggleworks.infra.redis.connection.RedisConnectionString;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.FlagCacheProvider;
import io.toggleworks.spi.config.ProviderConfig;

/** {@code CacheProvider=Redis} in the API: FeatBit's cache on {@code Redis__ConnectionString}. */
public final class RedisFlagCacheProvider implements FlagCacheProvider {
    public static final String NAME = "Redis";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FlagCache create(ProviderConfig config) {
        return new RedisFlagCache(RedisConnectionString.from(config), RedisCacheSettings.from(config));
    }
}
