package io.toggleworks.spi.store;

import io.toggleworks.spi.config.ProviderConfig;

/** Creates the Evaluation Server's store for a {@code DbProvider}/{@code CacheProvider} value; found by ServiceLoader. */
public interface EvaluationStoreProvider {
    /** e.g. Postgres, MongoDb, Redis. */
    String name();

    EvaluationStore create(ProviderConfig config);
}
