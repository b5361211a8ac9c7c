package io.toggleworks.api.tenancy;

import io.toggleworks.api.testing.MongoWithEvaluationStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.secret.SecretType;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import io.toggleworks.api.testing.StoreBackends;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoEnvironmentStoreTest extends EnvironmentStoreContract {
    private static EnvironmentStore store;
    private static StoreFixture fixture;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        var db = StoreBackends.of(context).newMongo();
        store = new MongoEnvironmentStore(db);
        fixture = StoreFixture.mongo(db);
    };

    @Override
    protected EnvironmentStore store() {
        return store;
    }

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }

    /** The Evaluation Server's Mongo store validates the secrets of an environment the API created. */
    @Test
    void theEvaluationServersStoreFindsTheSecretsOfAnEnvironmentTheApiCreated() {
        try (MongoWithEvaluationStore mongo = MongoWithEvaluationStore.start()) {
            var db = mongo.db();
            var els = mongo.els();
            Project project = ProjectStoreContract.project(UUID.randomUUID(), "els-project", T);
            new MongoProjectStore(db).insert(project);
            Environment env = env(project.id(), "els-env", T);
            MongoEnvironmentStore api = new MongoEnvironmentStore(db);
            api.insert(env);
            Secret server1 = env.secrets().get(0);
            Secret client = env.secrets().get(1);
            assertThat(els.secret(server1.value())).contains(
                    new SecretRecord(server1.value(), SecretType.SERVER, env.id(), "els-env", "els-project"));
            assertThat(els.secret(client.value())).map(SecretRecord::type).contains(SecretType.CLIENT);

            // A removed secret no longer validates; a new one does.
            Secret added = new Secret(UUID.randomUUID().toString(), "New", Secret.SERVER, SecretValues.newSecret(env.id()));
            api.updateSecrets(env.id(), java.util.List.of(client, added));
            assertThat(els.secret(server1.value())).isEmpty();
            assertThat(els.secret(added.value())).isPresent();
            api.delete(env.id());
            assertThat(els.secret(client.value())).isEmpty();
        }
    }
}
