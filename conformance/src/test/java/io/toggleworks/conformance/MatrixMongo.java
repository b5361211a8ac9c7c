package io.toggleworks.conformance;

import io.toggleworks.testkit.mongo.MongoEmulator;
import org.bson.conversions.Bson;

/**
 * The MongoDB of one provider combination: infra-testkit's in-memory {@link MongoEmulator} with a random database
 * name, gone with {@link #close()}.
 */
final class MatrixMongo implements AutoCloseable {
    private final MongoEmulator server = MongoEmulator.start();
    private final String database = MongoEmulator.randomDatabaseName("tw_matrix_");

    private MatrixMongo() {
    }

    static MatrixMongo start() {
        return new MatrixMongo();
    }

    /** FeatBit's {@code MongoDb__ConnectionString}. */
    String connectionString() {
        return server.connectionString();
    }

    /** FeatBit's {@code MongoDb__Database}. */
    String database() {
        return database;
    }

    long count(String collection, Bson filter) {
        return server.client().getDatabase(database).getCollection(collection).countDocuments(filter);
    }

    @Override
    public void close() {
        server.close();
    }
}
