package io.toggleworks.api.security;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.testing.StoreBackends;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresTenantMembershipTest extends TenantMembershipContract {
    private static TenantMembership membership;
    private static StoreFixture fixture;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        var jdbc = StoreBackends.of(context).postgres();
        membership = new PostgresTenantMembership(jdbc);
        fixture = StoreFixture.postgres(jdbc);
    };

    @Override
    protected TenantMembership membership() {
        return membership;
    }

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
