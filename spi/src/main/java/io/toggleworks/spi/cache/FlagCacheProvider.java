package io.toggleworks.spi.cache;

import io.toggleworks.spi.config.ProviderConfig;

/** Creates the API's {@link FlagCache} for one value of FeatBit's {@code CacheProvider} setting; found by ServiceLoader. */
public interface FlagCacheProvider {
    /** The {@code CacheProvider} value this provider serves: Redis or None. */
    String name();

    FlagCache create(ProviderConfig config);
}
