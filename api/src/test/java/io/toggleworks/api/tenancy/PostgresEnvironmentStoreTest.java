package io.toggleworks.api.tenancy;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.testing.StoreBackends;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresEnvironmentStoreTest extends EnvironmentStoreContract {
    private static EnvironmentStore store;
    private static StoreFixture fixture;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        var jdbc = StoreBackends.of(context).postgres();
        store = new PostgresEnvironmentStore(jdbc, new io.toggleworks.api.db.JsonColumns(tools.jackson.databind.json.JsonMapper.builder().build()));
        fixture = StoreFixture.postgres(jdbc);
    };

    @Override
    protected EnvironmentStore store() {
        return store;
    }

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
