package io.toggleworks.infra.mongodb.testing;

import io.toggleworks.testkit.mongo.MongoEmulator;

/**
 * This module's tests' MongoDB: infra-testkit's {@link MongoEmulator} (in-memory, free loopback port) with a random
 * database name per test class.
 */
public final class InMemoryMongo implements AutoCloseable {
    private final MongoEmulator server = MongoEmulator.start();
    public final String database = MongoEmulator.randomDatabaseName("tw_");

    public String uri() {
        return server.connectionString();
    }

    @Override
    public void close() {
        server.close();
    }
}
