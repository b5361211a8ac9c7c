package io.toggleworks.api.cache;

import io.toggleworks.api.db.Rows;
import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.flags.PostgresFlagStore;
import io.toggleworks.api.segments.PostgresSegmentScopes;
import io.toggleworks.api.segments.PostgresSegmentStore;
import io.toggleworks.api.segments.SegmentScopes;
import io.toggleworks.api.segments.SegmentStore;
import io.toggleworks.api.tenancy.Secret;
import io.toggleworks.api.testing.StoreBackends;
import io.toggleworks.core.json.Json;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresPopulationSourceTest extends PopulationSourceContract {
    private static JdbcClient jdbc;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> jdbc = StoreBackends.of(context).postgres();

    @Override
    protected CacheQueries queries() {
        return new PostgresCacheQueries(jdbc);
    }

    @Override
    protected FlagStore flags() {
        return new PostgresFlagStore(jdbc);
    }

    @Override
    protected SegmentStore segments() {
        return new PostgresSegmentStore(jdbc);
    }

    @Override
    protected SegmentScopes scopes() {
        return new PostgresSegmentScopes(jdbc);
    }

    @Override
    protected void insertOrganization(UUID id, UUID workspaceId, String key) {
        jdbc.sql("""
                insert into organizations (id, workspace_id, name, key, initialized, default_permissions, settings, created_at, updated_at)
                values (:id, :ws, :key, :key, true, '{"policyIds":[],"groupIds":[]}'::jsonb, '{}'::jsonb, :now, :now)""")
                .param("id", id).param("ws", workspaceId).param("key", key).param("now", Rows.now()).update();
    }

    @Override
    protected void insertProject(UUID id, UUID organizationId, String key) {
        jdbc.sql("insert into projects (id, organization_id, name, key, created_at, updated_at) values (:id, :org, :key, :key, :now, :now)")
                .param("id", id).param("org", organizationId).param("key", key).param("now", Rows.now()).update();
    }

    @Override
    protected void insertEnvironment(UUID id, UUID projectId, String key, List<Secret> secrets) {
        jdbc.sql("""
                insert into environments (id, project_id, name, key, description, secrets, settings, created_at, updated_at)
                values (:id, :project, :key, :key, '', cast(:secrets as jsonb), '{}'::jsonb, :now, :now)""")
                .param("id", id).param("project", projectId).param("key", key).param("secrets", Json.write(secrets))
                .param("now", Rows.now()).update();
    }
}
