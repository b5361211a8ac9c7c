package io.toggleworks.api.segments;

import io.toggleworks.api.testing.StoreBackends;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresSegmentStoreTest extends SegmentStoreContract {
    private static SegmentStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> store = new PostgresSegmentStore(StoreBackends.of(context).postgres());

    @Override
    protected SegmentStore store() {
        return store;
    }
}
