package io.toggleworks.infra.mongodb.analytics;

import io.toggleworks.infra.mongodb.connection.MongoSettings;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.AnalyticsStoreProvider;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code DB_PROVIDER=MongoDb}: the Data Analytics Service keeps events in FeatBit's {@code Events} collection. */
public final class MongoAnalyticsStoreProvider implements AnalyticsStoreProvider {
    private static final Logger log = LoggerFactory.getLogger(MongoAnalyticsStoreProvider.class);

    @Override
    public String name() {
        return "MongoDb";
    }

    @Override
    public AnalyticsStore create(ProviderConfig config) {
        MongoSettings settings = MongoAnalyticsSettings.from(config);
        MongoAnalyticsStore store = new MongoAnalyticsStore(settings.openClient(), settings.database());
        try {
            store.ensureIndex();
        } catch (StoreUnavailableException e) {
            // Start anyway: queries report the outage, and the index is created by whoever starts first when it is back.
            log.warn("MongoDB not reachable at start; the Events index was not checked: {}", e.getMessage());
        }
        return store;
    }
}
