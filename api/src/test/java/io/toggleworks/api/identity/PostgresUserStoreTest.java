package io.toggleworks.api.identity;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.testing.StoreBackends;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresUserStoreTest extends UserStoreContract {
    private static UserStore store;
    private static StoreFixture fixture;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        var jdbc = StoreBackends.of(context).postgres();
        store = new PostgresUserStore(jdbc);
        fixture = StoreFixture.postgres(jdbc);
    };

    @Override
    protected UserStore store() {
        return store;
    }

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
