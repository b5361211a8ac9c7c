package io.toggleworks.infra.mongodb.analytics;

import io.toggleworks.infra.mongodb.connection.MongoSettings;
import io.toggleworks.spi.config.ProviderConfig;

/**
 * Where the analytics store connects, from FeatBit's DAS settings (infrastructure-and-analytics.md §5.2):
 * {@code MONGO_URI} and {@code MONGO_INITDB_DATABASE} win; otherwise the API's {@code MongoDb__ConnectionString} and
 * {@code MongoDb__Database}, so one environment file can serve API, ELS and DAS; otherwise the DAS's defaults.
 */
final class MongoAnalyticsSettings {
    static final String DAS_DEFAULT_URI = "mongodb://admin:password@mongodb:27017";

    private MongoAnalyticsSettings() {
    }

    static MongoSettings from(ProviderConfig config) {
        String uri = config.get("MONGO_URI").or(() -> config.get("MongoDb:ConnectionString")).orElse(DAS_DEFAULT_URI);
        String database = config.get("MONGO_INITDB_DATABASE").or(() -> config.get("MongoDb:Database")).orElse(MongoSettings.DEFAULT_DATABASE);
        return new MongoSettings(uri.trim(), database.trim(), "toggleworks-das");
    }
}
