package io.toggleworks.api.tenancy;

import io.toggleworks.api.testing.StoreBackends;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoProjectStoreTest extends ProjectStoreContract {
    private static ProjectStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> store = new MongoProjectStore(StoreBackends.of(context).newMongo());

    @Override
    protected ProjectStore store() {
        return store;
    }
}
