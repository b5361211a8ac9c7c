package io.toggleworks.api.experiments;

import io.toggleworks.api.db.Rows;
import io.toggleworks.api.testing.StoreBackends;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresExperimentMetricStoreTest extends ExperimentMetricStoreContract {
    private static JdbcClient jdbc;
    private static ExperimentMetricStore store;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        jdbc = StoreBackends.of(context).postgres();
        store = new PostgresExperimentMetricStore(jdbc);
    };

    @Override
    protected ExperimentMetricStore store() {
        return store;
    }

    @Override
    protected void insertUser(UUID userId, String name, String email, UUID organizationId) {
        jdbc.sql("""
                insert into users (id, name, email, password, origin, created_at, updated_at)
                values (:id, :name, :email, 'x', 'Local', :now, :now)""")
                .param("id", userId).param("name", name).param("email", email).param("now", Rows.now()).update();
        jdbc.sql("""
                insert into organization_users (id, organization_id, user_id, created_at, updated_at)
                values (:id, :org, :user, :now, :now)""")
                .param("id", UUID.randomUUID()).param("org", organizationId).param("user", userId).param("now", Rows.now())
                .update();
    }
}
