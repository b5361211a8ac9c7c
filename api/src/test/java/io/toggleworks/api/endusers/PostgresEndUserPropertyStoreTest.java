package io.toggleworks.api.endusers;

import io.toggleworks.api.db.Rows;
import io.toggleworks.api.testing.StoreBackends;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Racing adds are not run here: the advisory lock lasts for the caller's transaction, which the API provides. */
class PostgresEndUserPropertyStoreTest extends EndUserPropertyStoreContract {
    private static JdbcClient jdbc;
    private static EndUserPropertyStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        jdbc = StoreBackends.of(context).postgres();
        store = new PostgresEndUserPropertyStore(jdbc);
    };

    @Override
    protected EndUserPropertyStore store() {
        return store;
    }

    @Override
    protected void insertBuiltIn(UUID envId, String name, Instant createdAt) {
        jdbc.sql("""
                insert into end_user_properties (id, env_id, name, preset_values, use_preset_values_only, is_built_in,
                                                 is_digest_field, remark, created_at, updated_at)
                values (:id, :env, :name, '[]'::jsonb, false, true, false, '', :at, :at)""")
                .param("id", UUID.randomUUID()).param("env", envId).param("name", name).param("at", Rows.utc(createdAt)).update();
    }
}
