package io.toggleworks.api.segments;

import io.toggleworks.api.tenancy.EnvScope;
import io.toggleworks.api.testing.StoreBackends;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresSegmentScopesTest extends SegmentScopesContract {
    private static JdbcClient jdbc;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> jdbc = StoreBackends.of(context).postgres();

    @Override
    protected SegmentScopes scopes() {
        return new PostgresSegmentScopes(jdbc);
    }

    @Override
    protected EnvScope addEnvironment(UUID ws, UUID org, String orgKey, UUID project, String projectKey, String envKey) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                insert into organizations (id, workspace_id, name, key, default_permissions, created_at, updated_at)
                values (:id, :ws, :key, :key, '{}'::jsonb, :now, :now) on conflict do nothing""")
                .param("id", org).param("ws", ws).param("key", orgKey).param("now", now).update();
        jdbc.sql("""
                insert into projects (id, organization_id, name, key, created_at, updated_at)
                values (:id, :org, :key, :key, :now, :now) on conflict do nothing""")
                .param("id", project).param("org", org).param("key", projectKey).param("now", now).update();
        UUID env = UUID.randomUUID();
        jdbc.sql("""
                insert into environments (id, project_id, name, key, created_at, updated_at)
                values (:id, :p, :key, :key, :now, :now)""")
                .param("id", env).param("p", project).param("key", envKey).param("now", now).update();
        return new EnvScope(env, envKey, envKey, project, projectKey, org, ws);
    }
}
