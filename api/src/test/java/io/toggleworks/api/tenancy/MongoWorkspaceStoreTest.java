package io.toggleworks.api.tenancy;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.testing.StoreBackends;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoWorkspaceStoreTest extends WorkspaceStoreContract {
    private static WorkspaceStore store;
    private static StoreFixture fixture;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        var db = StoreBackends.of(context).newMongo();
        store = new MongoWorkspaceStore(db, tools.jackson.databind.json.JsonMapper.builder().build());
        fixture = StoreFixture.mongo(db);
    };

    @Override
    protected WorkspaceStore store() {
        return store;
    }

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
