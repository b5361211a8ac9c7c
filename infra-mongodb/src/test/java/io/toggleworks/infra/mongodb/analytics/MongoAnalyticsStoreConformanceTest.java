package io.toggleworks.infra.mongodb.analytics;

import io.toggleworks.infra.mongodb.testing.InMemoryMongo;
import io.toggleworks.testkit.analytics.AnalyticsStoreConformanceTest;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.AnalyticsStoreProvider;
import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.ServerSocket;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The analytics conformance suite on the Events collection, through the {@code DB_PROVIDER=MongoDb} provider. */
class MongoAnalyticsStoreConformanceTest extends AnalyticsStoreConformanceTest {
    static InMemoryMongo mongo;

    @BeforeAll
    static void startServer() {
        mongo = new InMemoryMongo();
    }

    @AfterAll
    static void stopServer() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Override
    protected AnalyticsStore openStore() {
        return provider().create(ProviderConfig.of(Map.of("MONGO_URI", mongo.uri(), "MONGO_INITDB_DATABASE", mongo.database)));
    }

    @Override
    protected Optional<AnalyticsStore> openUnreachableStore() {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(provider().create(ProviderConfig.of(Map.of(
                "MONGO_URI", "mongodb://127.0.0.1:" + closedPort + "/?serverSelectionTimeoutMS=300&connectTimeoutMS=300"))));
    }

    static AnalyticsStoreProvider provider() {
        return ServiceLoader.load(AnalyticsStoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("MongoDb")).findFirst().orElseThrow();
    }
}
