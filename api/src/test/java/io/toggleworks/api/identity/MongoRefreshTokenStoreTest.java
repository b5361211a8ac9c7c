package io.toggleworks.api.identity;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.testing.StoreBackends;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoRefreshTokenStoreTest extends RefreshTokenStoreContract {
    private static RefreshTokenStore store;
    private static StoreFixture fixture;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        var db = StoreBackends.of(context).newMongo();
        store = new MongoRefreshTokenStore(db);
        fixture = StoreFixture.mongo(db);
    };

    @Override
    protected RefreshTokenStore store() {
        return store;
    }

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
