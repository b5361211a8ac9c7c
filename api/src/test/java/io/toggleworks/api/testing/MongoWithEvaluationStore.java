package io.toggleworks.api.testing;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.toggleworks.infra.mongodb.schema.MongoSchema;
import io.toggleworks.infra.mongodb.store.MongoEvaluationStore;
import io.toggleworks.testkit.mongo.MongoEmulator;

/**
 * An in-memory MongoDB database {@code featbit} (FeatBit's collections and indexes) seen by two clients: the API's
 * {@link #db()} and the Evaluation Server's {@link #els()}, to prove that what an API store writes is what the ELS
 * reads. Everything goes with {@link #close()}.
 */
public final class MongoWithEvaluationStore implements AutoCloseable {
    private final MongoEmulator server;
    private final MongoEvaluationStore els;

    private MongoWithEvaluationStore() {
        server = MongoEmulator.start();
        els = new MongoEvaluationStore(MongoClients.create(server.clientSettings()), "featbit");
        MongoSchema.initialize(db());
    }

    public static MongoWithEvaluationStore start() {
        return new MongoWithEvaluationStore();
    }

    public MongoDatabase db() {
        return server.client().getDatabase("featbit");
    }

    public MongoEvaluationStore els() {
        return els;
    }

    @Override
    public void close() {
        try {
            els.close();
        } finally {
            server.close();
        }
    }
}
