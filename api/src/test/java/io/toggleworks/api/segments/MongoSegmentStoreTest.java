package io.toggleworks.api.segments;

import io.toggleworks.api.testing.MongoWithEvaluationStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.testing.StoreBackends;
import io.toggleworks.core.json.Json;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoSegmentStoreTest extends SegmentStoreContract {
    private static SegmentStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> store = mongo(StoreBackends.of(context).newMongo());

    private static MongoSegmentStore mongo(com.mongodb.client.MongoDatabase db) {
        return new MongoSegmentStore(db, new io.toggleworks.api.db.MongoNameLocks(db));
    }

    @Override
    protected SegmentStore store() {
        return store;
    }

    /** What the API writes is what the Evaluation Server's Mongo store reads, shared segments included. */
    @Test
    void theEvaluationServersStoreReadsWhatTheApiWrites() {
        try (MongoWithEvaluationStore mongo = MongoWithEvaluationStore.start()) {
            var db = mongo.db();
            var els = mongo.els();
            UUID ws = UUID.randomUUID();
            UUID org = UUID.randomUUID();
            UUID project = UUID.randomUUID();
            UUID env = UUID.randomUUID();
            db.getCollection("Organizations").insertOne(new Document("_id", org).append("workspaceId", ws).append("key", "o"));
            db.getCollection("Projects").insertOne(new Document("_id", project).append("organizationId", org).append("key", "p"));
            db.getCollection("Environments").insertOne(new Document("_id", env).append("projectId", project).append("key", "dev"));
            MongoSegmentStore api = mongo(db);
            SegmentEntity own = segment(ws, env, "own", false, t(10));
            SegmentEntity shared = segment(ws, UUID.randomUUID(), "shared", true, t(11));
            api.insert(own);
            api.insert(shared);

            assertThat(els.segment(own.id()).map(Json::write)).contains(Json.write(own.toWire(env)));
            assertThat(els.segmentsUpdatedAfter(env, t(5).toEpochMilli())).extracting(Json::write)
                    .containsExactlyInAnyOrder(Json.write(own.toWire(env)), Json.write(shared.toWire(env)));
            SegmentEntity changed = own.with("renamed", "", List.of(), List.of("x"), List.of(), List.of(), false, t(20));
            assertThat(api.update(changed, own.updatedAt())).isTrue();
            assertThat(els.segmentsUpdatedAfter(env, t(19).toEpochMilli())).extracting(Json::write)
                    .containsExactly(Json.write(changed.toWire(env)));
        }
    }
}
