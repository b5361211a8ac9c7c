package io.toggleworks.api.segments;

import io.toggleworks.api.db.Rows;
import io.toggleworks.api.tenancy.EnvScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.toggleworks.api.db.OnPostgres;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.UUID;

/** {@link SegmentScopes} reading organization, project and environment keys from PostgreSQL. */
@Repository
@OnPostgres
public class PostgresSegmentScopes implements SegmentScopes {
    private final JdbcClient jdbc;

    public PostgresSegmentScopes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String rn(EnvScope env) {
        String orgKey = jdbc.sql("select key from organizations where id = :id").param("id", env.organizationId())
                .query(String.class).optional().orElse("");
        return SegmentScopes.rn(orgKey, env.projectKey(), env.envKey());
    }

    @Override
    public List<EnvRn> environments(UUID workspaceId) {
        return jdbc.sql("""
                select e.id, o.key as org_key, p.key as project_key, e.key as env_key
                  from environments e join projects p on p.id = e.project_id join organizations o on o.id = p.organization_id
                 where o.workspace_id = :ws""")
                .param("ws", workspaceId)
                .query((rs, i) -> new EnvRn(Rows.uuid(rs, "id"),
                        SegmentScopes.rn(rs.getString("org_key"), rs.getString("project_key"), rs.getString("env_key"))))
                .list();
    }
}
