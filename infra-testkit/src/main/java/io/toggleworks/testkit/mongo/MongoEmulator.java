package io.toggleworks.testkit.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.UUID;
import org.bson.UuidRepresentation;

/**
 * "A MongoDB" for tests: mongo-java-server's in-memory backend (no real mongod can be had here, toolchain.md) on a
 * free loopback port. Its data, and the client {@link #client()} handed out, go with {@link #close()}.
 */
public final class MongoEmulator implements AutoCloseable {
    private final MongoServer server;
    private final String connectionString;
    private MongoClient client;

    private MongoEmulator() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        connectionString = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    public static MongoEmulator start() {
        return new MongoEmulator();
    }

    /** FeatBit's {@code MongoDb__ConnectionString} for it. */
    public String connectionString() {
        return connectionString;
    }

    /** Driver settings for it with GUIDs as BSON subtype 4, as FeatBit's documents hold them. */
    public MongoClientSettings clientSettings() {
        return MongoClientSettings.builder().applyConnectionString(new ConnectionString(connectionString))
                .uuidRepresentation(UuidRepresentation.STANDARD).build();
    }

    /** One client on {@link #clientSettings()}, made on first use and closed by {@link #close()}. */
    public synchronized MongoClient client() {
        if (client == null) {
            client = MongoClients.create(clientSettings());
        }
        return client;
    }

    /** {@code prefix} and 12 random lower-case hex digits: a database name no other test uses. */
    public static String randomDatabaseName(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Override
    public synchronized void close() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            server.shutdownNow();
        }
    }
}
