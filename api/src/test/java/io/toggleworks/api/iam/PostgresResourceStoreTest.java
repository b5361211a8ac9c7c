package io.toggleworks.api.iam;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresResourceStoreTest extends ResourceStoreContract {
    private static StoreFixtures fx;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> fx = StoreFixtures.postgres(context);

    @Override
    protected StoreFixtures fx() {
        return fx;
    }
}
