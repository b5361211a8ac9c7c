package io.toggleworks.api.tenancy;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.testing.StoreBackends;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresScopeLookupTest extends ScopeLookupContract {
    private static ScopeLookup lookup;
    private static StoreFixture fixture;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        var jdbc = StoreBackends.of(context).postgres();
        lookup = new PostgresScopeLookup(jdbc);
        fixture = StoreFixture.postgres(jdbc);
    };

    @Override
    protected ScopeLookup lookup() {
        return lookup;
    }

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
