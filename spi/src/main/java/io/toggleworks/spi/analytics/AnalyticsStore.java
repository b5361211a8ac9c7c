package io.toggleworks.spi.analytics;

import java.util.List;

/**
 * Where insight events are kept and queried: the {@code events} table of the main database (PostgreSQL, MongoDB) or
 * ClickHouse. Implementations live in the infra modules and are chosen by configuration through
 * {@link AnalyticsStoreProvider}. Methods throw {@link io.toggleworks.spi.store.StoreUnavailableException} when the
 * store cannot be reached.
 */
public interface AnalyticsStore extends AutoCloseable {
    /** Stores the events; an event whose id is already stored is skipped, so a redelivered batch is harmless. */
    void append(List<AnalyticsEvent> events);

    /** Non-zero counts per (bucket, variation), ordered by bucket then variation; empty buckets are not returned. */
    List<BucketCount> flagInsights(FlagInsightsQuery query);

    FlagEndUsersPage flagEndUsers(FlagEndUsersQuery query);

    /** One entry per variation that has data, ordered by variation id. */
    List<ArmData> experimentArms(ExperimentQuery query);

    boolean isAvailable();

    @Override
    void close();
}
