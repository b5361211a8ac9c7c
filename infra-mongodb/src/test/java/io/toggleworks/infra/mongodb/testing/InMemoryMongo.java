package io.toggleworks.infra.mongodb.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.UUID;

/**
 * An in-memory MongoDB wire-protocol server on a free loopback port (mongo-java-server; no real mongod can be had
 * here, toolchain.md), with a random database name per test class.
 */
public final class InMemoryMongo implements AutoCloseable {
    private final MongoServer server;
    private final String uri;
    public final String database = "tw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);

    public InMemoryMongo() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        uri = "mongodb://127.0.0.1:" + address.getPort();
    }

    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
