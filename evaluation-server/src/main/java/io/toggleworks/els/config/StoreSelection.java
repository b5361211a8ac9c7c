package io.toggleworks.els.config;

import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.EvaluationStoreProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The store FeatBit's settings name, found with {@link ServiceLoader}: {@code DbProvider}'s database store, and with
 * {@code CacheProvider=Redis} the Redis store in front of it ({@link FallbackEvaluationStore}), as FeatBit's hybrid
 * store does. {@code Store__FallbackRetrySeconds} (default 6, FeatBit's probe interval) is how long reads stay on the
 * database after the cache failed; 0 disables the fallback (reads fail while the cache is down).
 */
public final class StoreSelection {
    private static final Logger log = LoggerFactory.getLogger(StoreSelection.class);

    private StoreSelection() {
    }

    public static EvaluationStore open(ElsConfig config) {
        return open(config, ServiceLoader.load(EvaluationStoreProvider.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    static EvaluationStore open(ElsConfig config, List<EvaluationStoreProvider> providers) {
        if (config.cacheProvider().equalsIgnoreCase("Redis")) {
            Optional<EvaluationStoreProvider> redis = byName(providers, "Redis");
            if (redis.isPresent()) {
                int retry = config.raw().getInt("Store:FallbackRetrySeconds", 6);
                if (retry < 0) {
                    throw new IllegalArgumentException("Store__FallbackRetrySeconds must not be negative");
                }
                EvaluationStore cache = redis.get().create(config.raw());
                if (retry == 0) {
                    return cache;
                }
                EvaluationStore database;
                try {
                    database = database(config, providers);
                } catch (RuntimeException e) {
                    cache.close();
                    throw e;
                }
                return new FallbackEvaluationStore(cache, database, Duration.ofSeconds(retry));
            }
            log.warn("CacheProvider=Redis but no Redis store is installed; reading {} directly", config.dbProvider());
        } else if (!config.cacheProvider().equalsIgnoreCase("None")) {
            throw new IllegalStateException("CacheProvider=" + config.cacheProvider() + " is not supported; use Redis or None");
        }
        return database(config, providers);
    }

    private static EvaluationStore database(ElsConfig config, List<EvaluationStoreProvider> providers) {
        return byName(providers, config.dbProvider())
                .orElseThrow(() -> new IllegalStateException("DbProvider=" + config.dbProvider() + ": no such store provider installed"))
                .create(config.raw());
    }

    private static Optional<EvaluationStoreProvider> byName(List<EvaluationStoreProvider> providers, String name) {
        return providers.stream().filter(p -> name.equalsIgnoreCase(p.name())).findFirst();
    }
}
