package io.toggleworks.api.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.toggleworks.api.testing.StoreBackends;
import java.util.Date;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoExperimentMetricStoreTest extends ExperimentMetricStoreContract {
    private static MongoDatabase db;
    private static ExperimentMetricStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        db = StoreBackends.of(context).newMongo();
        store = new MongoExperimentMetricStore(db);
    };

    @Override
    protected ExperimentMetricStore store() {
        return store;
    }

    @Override
    protected void insertUser(UUID userId, String name, String email, UUID organizationId) {
        Date now = new Date();
        db.getCollection("Users").insertOne(new Document("_id", userId).append("name", name).append("email", email)
                .append("password", "x").append("origin", "Local").append("createdAt", now).append("updatedAt", now));
        db.getCollection("OrganizationUsers").insertOne(new Document("_id", UUID.randomUUID())
                .append("organizationId", organizationId).append("userId", userId).append("invitorId", null)
                .append("createdAt", now).append("updatedAt", now));
    }

    /** FeatBit's field names, its {@code isArvhived} spelling included; target URLs with {@code _id}. */
    @Test
    void writesFeatBitsDocumentShape() {
        ExperimentMetric m = metric(UUID.randomUUID(), "shape", ExperimentMetric.PAGE_VIEW, false, 1);
        store.insert(m);
        Document d = db.getCollection("ExperimentMetrics").find(Filters.eq("_id", m.id())).first();
        assertThat(d).isNotNull();
        assertThat(d.get("maintainerUserId")).isEqualTo(m.maintainerUserId());
        assertThat(d.getBoolean("isArvhived")).isFalse();
        assertThat(d.getInteger("eventType")).isEqualTo(ExperimentMetric.PAGE_VIEW);
        assertThat(d.getList("targetUrls", Document.class).getFirst())
                .isEqualTo(new Document("_id", "u1").append("matchType", 1).append("url", "/checkout"));
    }
}
