package io.toggleworks.api.auditlog;

import io.toggleworks.api.iam.StoreFixtures;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoAuditLogStoreTest extends AuditLogStoreContract {
    private static StoreFixtures fx;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> fx = StoreFixtures.mongo(context);

    @Override
    protected StoreFixtures fx() {
        return fx;
    }
}
