package io.toggleworks.infra.mongodb.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.infra.mongodb.connection.MongoSettings;
import io.toggleworks.infra.mongodb.document.FeatBitDocuments;
import io.toggleworks.infra.mongodb.testing.InMemoryMongo;
import io.toggleworks.testkit.store.EvaluationStoreConformanceTest;
import io.toggleworks.testkit.store.StoreSeed;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.EvaluationStoreProvider;
import org.bson.Document;

import java.net.ServerSocket;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;

/** The store conformance suite on FeatBit's MongoDB documents, through the {@code DbProvider=MongoDb} provider. */
class MongoEvaluationStoreConformanceTest extends EvaluationStoreConformanceTest {
    private InMemoryMongo mongo;

    @Override
    protected void seed(StoreSeed seed) {
        mongo = new InMemoryMongo();
        try (MongoClient client = new MongoSettings(mongo.uri(), mongo.database, "seed").openClient()) {
            seedFeatBitDocuments(client.getDatabase(mongo.database), seed);
        }
    }

    /** Writes the seed as FeatBit's back end stores it (documents shaped as its C# driver maps its entities). */
    static void seedFeatBitDocuments(MongoDatabase db, StoreSeed seed) {
        Set<UUID> written = new HashSet<>();
        Date now = new Date();
        for (StoreSeed.Environment e : seed.environments()) {
            if (written.add(e.workspaceId())) {
                db.getCollection("Workspaces").insertOne(new Document("_id", e.workspaceId()).append("name", "w")
                        .append("key", "w-" + e.workspaceId()).append("sso", null).append("license", null)
                        .append("createdAt", now).append("updatedAt", now));
            }
            if (written.add(e.organizationId())) {
                db.getCollection("Organizations").insertOne(new Document("_id", e.organizationId()).append("workspaceId", e.workspaceId())
                        .append("name", e.organizationKey()).append("key", e.organizationKey()).append("initialized", true)
                        .append("defaultPermissions", new Document("policyIds", List.of()).append("groupIds", List.of()))
                        .append("createdAt", now).append("updatedAt", now));
            }
            if (written.add(e.projectId())) {
                db.getCollection("Projects").insertOne(new Document("_id", e.projectId()).append("organizationId", e.organizationId())
                        .append("name", e.projectKey()).append("key", e.projectKey()).append("createdAt", now).append("updatedAt", now));
            }
            List<Document> secrets = e.secrets().stream().map(s -> new Document("_id", s.id()).append("name", s.name())
                    .append("type", s.type()).append("value", s.value())).toList();
            db.getCollection("Environments").insertOne(new Document("_id", e.id()).append("projectId", e.projectId())
                    .append("name", e.key()).append("key", e.key()).append("description", null).append("secrets", secrets)
                    .append("settings", new Document("requireChangeComment", false)).append("createdAt", now).append("updatedAt", now));
        }
        for (FeatureFlag f : seed.flags()) {
            db.getCollection("FeatureFlags").insertOne(FeatBitDocuments.flagDocument(f));
        }
        for (StoreSeed.SeedSegment s : seed.segments()) {
            db.getCollection("Segments").insertOne(FeatBitDocuments.segmentDocument(s.segment(), s.workspaceId(), s.type(), s.scopes()));
        }
    }

    @Override
    protected EvaluationStore openStore() {
        return provider().create(ProviderConfig.of(Map.of(
                "MongoDb__ConnectionString", mongo.uri(), "MongoDb__Database", mongo.database)));
    }

    @Override
    protected Optional<EvaluationStore> openUnreachableStore() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        return Optional.of(provider().create(ProviderConfig.of(Map.of(
                "MongoDb__ConnectionString", "mongodb://127.0.0.1:" + closedPort + "/?serverSelectionTimeoutMS=300&connectTimeoutMS=300",
                "MongoDb__Database", "featbit"))));
    }

    @Override
    protected void cleanUp() {
        if (mongo != null) {
            mongo.close();
        }
    }

    private static EvaluationStoreProvider provider() {
        return ServiceLoader.load(EvaluationStoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("MongoDb")).findFirst().orElseThrow();
    }
}
