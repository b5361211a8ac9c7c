package io.toggleworks.api.identity;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.testing.StoreBackends;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRefreshTokenStoreTest extends RefreshTokenStoreContract {
    private static RefreshTokenStore store;
    private static StoreFixture fixture;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        var jdbc = StoreBackends.of(context).postgres();
        store = new PostgresRefreshTokenStore(jdbc);
        fixture = StoreFixture.postgres(jdbc);
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
