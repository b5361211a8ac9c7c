package io.toggleworks.api.endusers;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.testing.StoreBackends;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoEndUserStoreTest extends EndUserStoreContract {
    private static MongoDatabase db;
    private static EndUserStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        db = StoreBackends.of(context).newMongo();
        store = new MongoEndUserStore(db);
    };

    @Override
    protected EndUserStore store() {
        return store;
    }

    @Override
    protected void setUpdatedAt(UUID userId, Instant at) {
        db.getCollection("EndUsers").updateOne(Filters.eq("_id", userId), Updates.set("updatedAt", Date.from(at)));
    }

    @Override
    protected UUID insertGlobalUser(UUID workspaceId, String keyId, String name, Instant updatedAt) {
        UUID id = UUID.randomUUID();
        db.getCollection("EndUsers").insertOne(new Document("_id", id).append("workspaceId", workspaceId).append("envId", null)
                .append("keyId", keyId).append("name", name).append("customizedProperties", List.of())
                .append("createdAt", Date.from(updatedAt)).append("updatedAt", Date.from(updatedAt)));
        return id;
    }

    /** FeatBit's document shape: GUIDs as UUIDs (subtype 4), properties as {name, value} documents, BSON dates. */
    @Test
    void writesFeatBitsDocumentShape() {
        UUID env = UUID.randomUUID();
        EndUserRecord u = store.upsert(env, "shape", "S", List.of(new io.toggleworks.core.enduser.CustomizedProperty("p", "v")));
        Document d = db.getCollection("EndUsers").find(Filters.eq("_id", u.id())).first();
        assertThat(d).isNotNull();
        assertThat(d.get("envId")).isEqualTo(env);
        assertThat(d.get("keyId")).isEqualTo("shape");
        assertThat(d.get("createdAt")).isInstanceOf(Date.class);
        assertThat(d.getList("customizedProperties", Document.class))
                .containsExactly(new Document("name", "p").append("value", "v"));
    }

    /** A user FeatBit wrote (random _id) is updated in place, not duplicated. */
    @Test
    void updatesAUserFeatBitInserted() {
        UUID env = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        db.getCollection("EndUsers").insertOne(new Document("_id", id).append("workspaceId", null).append("envId", env)
                .append("keyId", "old").append("name", "Old").append("customizedProperties", List.of())
                .append("createdAt", new Date(0)).append("updatedAt", new Date(0)));
        EndUserRecord u = store.upsert(env, "old", "New", List.of());
        assertThat(u.id()).isEqualTo(id);
        assertThat(store.byKeyIds(env, List.of("old"))).extracting(EndUserRecord::name).containsExactly("New");
    }
}
