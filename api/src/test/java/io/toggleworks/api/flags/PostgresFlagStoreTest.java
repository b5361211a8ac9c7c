package io.toggleworks.api.flags;

import io.toggleworks.api.testing.StoreBackends;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresFlagStoreTest extends FlagStoreContract {
    private static FlagStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> store = new PostgresFlagStore(StoreBackends.of(context).postgres());

    @Override
    protected FlagStore store() {
        return store;
    }
}
