package io.toggleworks.infra.mongodb.store;

import com.mongodb.client.MongoClient;
import io.toggleworks.infra.mongodb.connection.MongoSettings;
import io.toggleworks.infra.mongodb.schema.MongoSchema;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.EvaluationStoreProvider;

import java.util.List;

/** {@code DbProvider=MongoDb}: the Evaluation Server reads FeatBit's MongoDB database directly. */
public final class MongoEvaluationStoreProvider implements EvaluationStoreProvider {
    @Override
    public String name() {
        return "MongoDb";
    }

    @Override
    public EvaluationStore create(ProviderConfig config) {
        MongoSettings settings = MongoSettings.from(config, "toggleworks-els");
        MongoClient client = settings.openClient();
        if (config.get("MongoDb:CreateIndexes", "true").equalsIgnoreCase("true")) {
            // FeatBit's indexes on what the ELS reads; best effort (read-only users, server not up yet).
            MongoSchema.ensureIndexes(client.getDatabase(settings.database()), List.of("FeatureFlags", "Segments"));
        }
        return new MongoEvaluationStore(client, settings.database());
    }
}
