package io.toggleworks.conformance;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.UUID;
import org.bson.UuidRepresentation;
import org.bson.conversions.Bson;

/**
 * The MongoDB of one provider combination: an in-memory server (mongo-java-server; no real mongod can be had here)
 * on a free port with a random database name, gone with {@link #close()}.
 */
final class MatrixMongo implements AutoCloseable {
    private final MongoServer server;
    private final MongoClient client;
    private final String uri;
    private final String database = "tw_matrix_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private MatrixMongo() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
        client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .uuidRepresentation(UuidRepresentation.STANDARD).build());
    }

    static MatrixMongo start() {
        return new MatrixMongo();
    }

    /** FeatBit's {@code MongoDb__ConnectionString}. */
    String connectionString() {
        return uri;
    }

    /** FeatBit's {@code MongoDb__Database}. */
    String database() {
        return database;
    }

    long count(String collection, Bson filter) {
        MongoDatabase db = client.getDatabase(database);
        return db.getCollection(collection).countDocuments(filter);
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
