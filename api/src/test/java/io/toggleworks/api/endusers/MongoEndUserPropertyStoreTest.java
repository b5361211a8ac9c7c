package io.toggleworks.api.endusers;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.toggleworks.api.testing.StoreBackends;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoEndUserPropertyStoreTest extends EndUserPropertyStoreContract {
    private static MongoDatabase db;
    private static EndUserPropertyStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        db = StoreBackends.of(context).newMongo();
        store = new MongoEndUserPropertyStore(db);
    };

    @Override
    protected EndUserPropertyStore store() {
        return store;
    }

    @Override
    protected void insertBuiltIn(UUID envId, String name, Instant createdAt) {
        db.getCollection("EndUserProperties").insertOne(new Document("_id", UUID.randomUUID()).append("envId", envId)
                .append("name", name).append("presetValues", List.of()).append("usePresetValuesOnly", false)
                .append("isBuiltIn", true).append("isDigestField", false).append("remark", "")
                .append("createdAt", Date.from(createdAt)).append("updatedAt", Date.from(createdAt)));
    }

    /** No transaction arbitrates on MongoDB: the (env, name)-derived _id does. */
    @Test
    void racingAddsOfOneNameLeaveOneProperty() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                UUID env = UUID.randomUUID();
                List<Callable<Integer>> calls = new ArrayList<>(Collections.nCopies(6, () -> store.addMissing(env, List.of("a", "b"))));
                int added = 0;
                for (Future<Integer> f : pool.invokeAll(calls)) {
                    added += f.get();
                }
                assertThat(store.names(env)).containsExactlyInAnyOrder("a", "b");
                assertThat(added).isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Preset values are embedded documents with FeatBit's _id. */
    @Test
    void writesFeatBitsDocumentShape() {
        UUID env = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        store.upsert(property(id, env, "plan", 1));
        Document d = db.getCollection("EndUserProperties").find(Filters.eq("_id", id)).first();
        assertThat(d).isNotNull();
        assertThat(d.get("envId")).isEqualTo(env);
        assertThat(d.getBoolean("isBuiltIn")).isFalse();
        assertThat(d.getList("presetValues", Document.class).getFirst())
                .isEqualTo(new Document("_id", "p1").append("value", "gold").append("description", "best"));
    }
}
