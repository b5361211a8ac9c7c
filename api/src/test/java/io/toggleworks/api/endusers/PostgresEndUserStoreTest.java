package io.toggleworks.api.endusers;

import io.toggleworks.api.db.Rows;
import io.toggleworks.api.testing.StoreBackends;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresEndUserStoreTest extends EndUserStoreContract {
    private static JdbcClient jdbc;
    private static EndUserStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        jdbc = StoreBackends.of(context).postgres();
        store = new PostgresEndUserStore(jdbc);
    };

    @Override
    protected EndUserStore store() {
        return store;
    }

    @Override
    protected void setUpdatedAt(UUID userId, Instant at) {
        jdbc.sql("update end_users set updated_at = :at where id = :id").param("at", Rows.utc(at)).param("id", userId).update();
    }

    @Override
    protected UUID insertGlobalUser(UUID workspaceId, String keyId, String name, Instant updatedAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into end_users (id, workspace_id, env_id, key_id, name, customized_properties, created_at, updated_at)
                values (:id, :ws, null, :key, :name, '[]'::jsonb, :at, :at)""")
                .param("id", id).param("ws", workspaceId).param("key", keyId).param("name", name)
                .param("at", Rows.utc(updatedAt)).update();
        return id;
    }
}
