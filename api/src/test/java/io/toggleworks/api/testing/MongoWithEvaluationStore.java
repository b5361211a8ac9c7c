package io.toggleworks.api.testing;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.toggleworks.infra.mongodb.schema.MongoSchema;
import io.toggleworks.infra.mongodb.store.MongoEvaluationStore;
import org.bson.UuidRepresentation;

/**
 * An in-memory MongoDB database {@code featbit} (FeatBit's collections and indexes) seen by two clients: the API's
 * {@link #db()} and the Evaluation Server's {@link #els()}, to prove that what an API store writes is what the ELS
 * reads. Everything goes with {@link #close()}.
 */
public final class MongoWithEvaluationStore implements AutoCloseable {
    private final MongoServer server;
    private final MongoClient apiClient;
    private final MongoEvaluationStore els;

    private MongoWithEvaluationStore() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        var settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + address.getPort()))
                .uuidRepresentation(UuidRepresentation.STANDARD).build();
        apiClient = MongoClients.create(settings);
        els = new MongoEvaluationStore(MongoClients.create(settings), "featbit");
        MongoSchema.initialize(db());
    }

    public static MongoWithEvaluationStore start() {
        return new MongoWithEvaluationStore();
    }

    public MongoDatabase db() {
        return apiClient.getDatabase("featbit");
    }

    public MongoEvaluationStore els() {
        return els;
    }

    @Override
    public void close() {
        try {
            els.close();
            apiClient.close();
        } finally {
            server.shutdownNow();
        }
    }
}
