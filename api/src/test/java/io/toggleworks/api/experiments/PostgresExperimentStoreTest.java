package io.toggleworks.api.experiments;

import io.toggleworks.api.testing.StoreBackends;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresExperimentStoreTest extends ExperimentStoreContract {
    private static ExperimentStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> store = new PostgresExperimentStore(StoreBackends.of(context).postgres());

    @Override
    protected ExperimentStore store() {
        return store;
    }
}
