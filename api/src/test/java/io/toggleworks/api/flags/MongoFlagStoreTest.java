package io.toggleworks.api.flags;

import io.toggleworks.api.testing.MongoWithEvaluationStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.testing.StoreBackends;
import io.toggleworks.core.flag.FeatureFlag;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoFlagStoreTest extends FlagStoreContract {
    private static FlagStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> store = mongo(StoreBackends.of(context).newMongo());

    private static MongoFlagStore mongo(com.mongodb.client.MongoDatabase db) {
        return new MongoFlagStore(db, new io.toggleworks.api.db.MongoNameLocks(db));
    }

    @Override
    protected FlagStore store() {
        return store;
    }

    /** What the API writes is what the Evaluation Server's Mongo store reads. */
    @Test
    void theEvaluationServersStoreReadsWhatTheApiWrites() {
        try (MongoWithEvaluationStore mongo = MongoWithEvaluationStore.start()) {
            var db = mongo.db();
            var els = mongo.els();
            MongoFlagStore api = mongo(db);
            UUID env = UUID.randomUUID();
            Flags.Edit e = new Flags.Edit(flag(env, "els", t(0)));
            e.tags = List.of("t");
            e.rules = List.of(new io.toggleworks.core.flag.TargetRule("r", "n", null, false,
                    List.of(new io.toggleworks.core.flag.Condition("c", "plan", "IsOneOf", "[\"gold\"]")),
                    List.of(new io.toggleworks.core.flag.RolloutVariation(ON, new double[] {0, 1}, 1))));
            FeatureFlag f = e.build();
            api.insert(f);
            assertThat(els.flagsUpdatedAfter(env, 0)).extracting(FlagStoreContract::json).containsExactly(json(f));

            Flags.Edit u = new Flags.Edit(f);
            u.revision = UUID.randomUUID();
            u.isEnabled = true;
            u.updatedAt = t(30);
            FeatureFlag after = u.build();
            assertThat(api.update(after, f.revision())).isTrue();
            assertThat(els.flagsUpdatedAfter(env, t(29).toEpochMilli())).extracting(FlagStoreContract::json)
                    .containsExactly(json(after));
            assertThat(els.flagsByIds(List.of(f.id()))).extracting(FlagStoreContract::json).containsExactly(json(after));
            api.touch(List.of(f.id()), t(40), UUID.randomUUID());
            assertThat(els.flagsUpdatedAfter(env, t(39).toEpochMilli())).hasSize(1);
        }
    }
}
