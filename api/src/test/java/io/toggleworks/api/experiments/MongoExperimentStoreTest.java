package io.toggleworks.api.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.toggleworks.api.testing.StoreBackends;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoExperimentStoreTest extends ExperimentStoreContract {
    private static MongoDatabase db;
    private static ExperimentStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        db = StoreBackends.of(context).newMongo();
        store = new MongoExperimentStore(db);
    };

    @Override
    protected ExperimentStore store() {
        return store;
    }

    /** BSON dates hold milliseconds: a write in the same millisecond as the one before still moves the token. */
    @Test
    void twoWritesInOneMillisecondStillMoveTheToken() {
        UUID env = UUID.randomUUID();
        Experiment e = experiment(env, UUID.randomUUID(), UUID.randomUUID(), Experiment.NOT_STARTED, false, 1, List.of());
        store.insert(e);
        Experiment first = store.find(env, e.id()).orElseThrow();
        assertThat(store.update(first.with(Experiment.PAUSED, false, List.of(), first.updatedAt().plusNanos(1000)), first)).isTrue();
        Experiment second = store.find(env, e.id()).orElseThrow();
        assertThat(second.updatedAt()).isAfter(first.updatedAt());
        assertThat(store.update(first.with(Experiment.RECORDING, false, List.of(), first.updatedAt()), first)).isFalse();
    }

    /** Iterations are embedded as FeatBit's driver writes them: {@code _id} and BSON dates. */
    @Test
    void writesFeatBitsDocumentShape() {
        UUID env = UUID.randomUUID();
        Experiment e = experiment(env, UUID.randomUUID(), UUID.randomUUID(), Experiment.RECORDING, false, 1,
                List.of(iteration("it-1", t(2), t(3), true)));
        store.insert(e);
        Document d = db.getCollection("Experiments").find(Filters.eq("_id", e.id())).first();
        assertThat(d).isNotNull();
        assertThat(d.get("featureFlagId")).isEqualTo(e.featureFlagId());
        assertThat(d.get("createdAt")).isInstanceOf(Date.class);
        Document it = d.getList("iterations", Document.class).getFirst();
        assertThat(it.get("_id")).isEqualTo("it-1");
        assertThat(it.get("startTime")).isEqualTo(Date.from(t(2)));
        assertThat(it.get("endTime")).isEqualTo(Date.from(t(3)));
        assertThat(it.getBoolean("isFinish")).isTrue();
        assertThat(it.getList("results", Document.class)).hasSize(2);
    }
}
