package io.toggleworks.infra.redis.cache;

import io.toggleworks.infra.redis.connection.RedisConnectionString;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.EvaluationStoreProvider;

/** {@code CacheProvider=Redis} in the Evaluation Server: reads FeatBit's cache on {@code Redis__ConnectionString}. */
public final class RedisEvaluationStoreProvider implements EvaluationStoreProvider {
    public static final String NAME = "Redis";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EvaluationStore create(ProviderConfig config) {
        return new RedisEvaluationStore(RedisConnectionString.from(config), RedisCacheSettings.from(config));
    }
}
