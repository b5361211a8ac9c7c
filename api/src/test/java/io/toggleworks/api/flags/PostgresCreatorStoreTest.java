package io.toggleworks.api.flags;

import io.toggleworks.api.testing.StoreBackends;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresCreatorStoreTest extends CreatorStoreContract {
    private static JdbcClient jdbc;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> jdbc = StoreBackends.of(context).postgres();

    @Override
    protected CreatorStore store() {
        return new PostgresCreatorStore(jdbc);
    }

    @Override
    protected void addUser(UUID id, String name, String email) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("insert into users (id, name, email, password, created_at, updated_at) values (:id, :n, :e, '', :now, :now)")
                .param("id", id).param("n", name).param("e", email).param("now", now).update();
    }

    @Override
    protected void addAccessToken(UUID id, String name) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                insert into access_tokens (id, organization_id, name, type, status, token, creator_id, created_at, updated_at)
                values (:id, :org, :n, 'personal', 'active', :token, :org, :now, :now)""")
                .param("id", id).param("org", UUID.randomUUID()).param("n", name).param("token", "t-" + id)
                .param("now", now).update();
    }
}
