package io.toggleworks.infra.mongodb.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.infra.mongodb.connection.MongoSettings;
import io.toggleworks.infra.mongodb.document.FeatBitDocuments;
import io.toggleworks.infra.mongodb.schema.MongoSchema;
import io.toggleworks.infra.mongodb.testing.InMemoryMongo;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.EvaluationStore;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents written by hand the way FeatBit's back end stores them (nested {@code _id}, BSON doubles and int32s, extra
 * elements of later FeatBit versions, missing optional elements), read through the store; and our writer's output
 * checked element by element, so the conformance suite's round trip is not only us reading ourselves.
 */
class FeatBitDocumentShapeTest {
    static InMemoryMongo mongo;
    static MongoClient client;
    static MongoDatabase db;
    static EvaluationStore store;

    static final UUID WS = UUID.randomUUID();
    static final UUID ORG = UUID.randomUUID();
    static final UUID PROJECT = UUID.randomUUID();
    static final UUID ENV = UUID.randomUUID();
    static final UUID FLAG = UUID.randomUUID();
    static final UUID SEGMENT = UUID.randomUUID();
    static final String SECRET = EnvironmentSecret.create(ENV);
    static final Date UPDATED = Date.from(Instant.parse("2024-06-01T12:00:00.123Z"));

    @BeforeAll
    static void setUp() {
        mongo = new InMemoryMongo();
        client = new MongoSettings(mongo.uri(), mongo.database, "test").openClient();
        db = client.getDatabase(mongo.database);
        db.getCollection("Organizations").insertOne(new Document("_id", ORG).append("workspaceId", WS).append("name", "Acme").append("key", "acme"));
        db.getCollection("Projects").insertOne(new Document("_id", PROJECT).append("organizationId", ORG).append("name", "Web").append("key", "web"));
        db.getCollection("Environments").insertOne(new Document("_id", ENV).append("projectId", PROJECT).append("name", "Prod").append("key", "prod")
                .append("secrets", List.of(new Document("_id", UUID.randomUUID().toString()).append("name", "Server Key").append("type", "server").append("value", SECRET))));
        db.getCollection("FeatureFlags").insertOne(new Document("_id", FLAG)
                .append("envId", ENV).append("revision", UUID.randomUUID()).append("name", "Checkout").append("description", null)
                .append("key", "checkout").append("variationType", "boolean")
                .append("variations", List.of(new Document("_id", "v-on").append("name", "On").append("value", "true"),
                        new Document("_id", "v-off").append("name", "Off").append("value", "false")))
                .append("targetUsers", List.of(new Document("keyIds", List.of("alice")).append("variationId", "v-on")))
                .append("rules", List.of(new Document("_id", "r1").append("name", "Beta").append("dispatchKey", null).append("includedInExpt", true)
                        .append("conditions", List.of(new Document("_id", "c1").append("property", "plan").append("op", "Equal").append("value", "beta")))
                        .append("variations", List.of(new Document("_id", "v-on").append("rollout", List.of(0, 1)).append("exptRollout", 1)))))
                .append("isEnabled", true).append("disabledVariationId", "v-off")
                .append("fallthrough", new Document("dispatchKey", "company").append("includedInExpt", false)
                        .append("variations", List.of(new Document("_id", "v-off").append("rollout", List.of(0.0, 0.5)).append("exptRollout", 0.25),
                                new Document("_id", "v-on").append("rollout", List.of(0.5, 1.0)).append("exptRollout", 1.0))))
                .append("exptIncludeAllTargets", true)
                // no "tags": FeatBit defaults it to [] on read
                .append("isArchived", false).append("createdAt", UPDATED).append("updatedAt", UPDATED)
                .append("creatorId", UUID.randomUUID()).append("updatorId", UUID.randomUUID())
                // later FeatBit versions add elements; readers ignore them
                .append("committedVersion", 0L));
        db.getCollection("Segments").insertOne(new Document("_id", SEGMENT).append("workspaceId", WS).append("envId", ENV)
                .append("name", "Beta testers").append("key", "beta-testers").append("type", "environment-specific")
                .append("scopes", List.of("organization/acme:project/web:env/prod")).append("description", "")
                .append("included", List.of("alice")).append("excluded", List.of())
                .append("rules", List.of(new Document("_id", "m1").append("name", "Staff")
                        .append("conditions", List.of(new Document("_id", "c1").append("property", "email").append("op", "EndsWith").append("value", "@acme.com")))))
                .append("tags", List.of()).append("isArchived", false).append("createdAt", UPDATED).append("updatedAt", UPDATED));
        store = new MongoEvaluationStoreProvider().create(ProviderConfig.of(Map.of(
                "MongoDb__ConnectionString", mongo.uri(), "MongoDb__Database", mongo.database)));
    }

    @AfterAll
    static void tearDown() {
        if (store != null) {
            store.close();
        }
        if (client != null) {
            client.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void readsAFlagDocumentAsFeatBitWritesIt() {
        FeatureFlag f = store.flagsUpdatedAfter(ENV, 0).getFirst();
        assertThat(f.id()).isEqualTo(FLAG);
        assertThat(f.description()).isNull();
        assertThat(f.tags()).isEmpty();
        assertThat(f.variations()).extracting(v -> v.id()).containsExactly("v-on", "v-off");
        assertThat(f.rules().getFirst().conditions().getFirst().id()).isEqualTo("c1");
        assertThat(f.rules().getFirst().variations().getFirst().rollout()).containsExactly(0.0, 1.0);
        assertThat(f.fallthrough().dispatchKey()).isEqualTo("company");
        assertThat(f.fallthrough().variations().getFirst().exptRollout()).isEqualTo(0.25);
        assertThat(f.updatedAt()).isEqualTo(UPDATED.toInstant());
        assertThat(f.version()).isEqualTo(UPDATED.getTime());
    }

    @Test
    void readsASegmentDocumentAsFeatBitWritesIt() {
        Segment s = store.segment(SEGMENT).orElseThrow();
        assertThat(s.envId()).isEqualTo(ENV);
        assertThat(s.rules().getFirst().id()).isEqualTo("m1");
        assertThat(s.rules().getFirst().conditions().getFirst().op()).isEqualTo("EndsWith");
        assertThat(store.segmentsUpdatedAfter(ENV, 0)).extracting(Segment::id).containsExactly(SEGMENT);
        assertThat(store.secret(SECRET).orElseThrow().type()).isEqualTo(SecretType.SERVER);
        assertThat(store.secret(SECRET).orElseThrow().projectKey()).isEqualTo("web");
    }

    @Test
    void writesFlagsInFeatBitsShape() {
        FeatureFlag read = store.flagsByIds(List.of(FLAG)).getFirst();
        Document written = FeatBitDocuments.flagDocument(read);
        assertThat(written.get("_id")).isEqualTo(FLAG);
        assertThat(written).doesNotContainKey("id");
        assertThat(written.get("envId")).isInstanceOf(UUID.class);
        assertThat(written.get("updatedAt")).isEqualTo(UPDATED);
        Document variation = written.getList("variations", Document.class).getFirst();
        assertThat(variation.keySet()).containsExactly("_id", "name", "value");
        Document rolloutVariation = written.get("fallthrough", Document.class).getList("variations", Document.class).getFirst();
        assertThat(rolloutVariation.getList("rollout", Object.class)).allSatisfy(x -> assertThat(x).isInstanceOf(Double.class));
        assertThat(rolloutVariation.get("exptRollout")).isInstanceOf(Double.class);
        assertThat(written.getBoolean("isEnabled")).isTrue();
        assertThat(written.getBoolean("isArchived")).isFalse();
        assertThat(FeatBitDocuments.flag(written)).isEqualTo(read);
    }

    @Test
    void guidsAreStoredAsStandardBinarySubtype4() {
        // Read back without our client's UUID codec: the raw element must be binary subtype 4 (FeatBit's Standard).
        try (MongoClient raw = com.mongodb.client.MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(mongo.uri()))
                .uuidRepresentation(org.bson.UuidRepresentation.UNSPECIFIED).build())) {
            Document d = raw.getDatabase(mongo.database).getCollection("FeatureFlags").find().first();
            assertThat(d.get("_id")).isInstanceOf(Binary.class);
            assertThat(((Binary) d.get("_id")).getType()).isEqualTo((byte) 4);
        }
    }

    @Test
    void createsFeatBitsIndexesOnWhatItReads() {
        List<Document> indexes = db.getCollection("FeatureFlags").listIndexes().into(new ArrayList<>());
        assertThat(indexes).extracting(i -> i.get("key", Document.class).toJson())
                .contains("{\"updatedAt\": 1}", "{\"createdAt\": 1}", "{\"key\": 1}");
        assertThat(db.getCollection("Segments").listIndexes().into(new ArrayList<>()))
                .extracting(i -> i.get("key", Document.class).toJson()).contains("{\"updatedAt\": 1}");
    }

    @Test
    void schemaInitializationCreatesEveryCollectionAndIsRepeatable() {
        MongoSchema.initialize(db);
        MongoSchema.initialize(db);
        assertThat(db.listCollectionNames().into(new ArrayList<>())).containsAll(MongoSchema.COLLECTIONS);
        List<String> usage = db.getCollection("UsageEventStats").listIndexes().into(new ArrayList<Document>()).stream()
                .filter(i -> Boolean.TRUE.equals(i.getBoolean("unique"))).map(i -> i.get("key", Document.class).toJson()).toList();
        assertThat(usage).containsExactly("{\"envId\": 1, \"statsDate\": 1}");
        assertThat(MongoSchema.ensureIndexes(db, MongoSchema.COLLECTIONS)).isEmpty();
    }
}
