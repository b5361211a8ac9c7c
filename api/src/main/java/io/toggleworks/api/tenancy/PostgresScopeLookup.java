package io.toggleworks.api.tenancy;

import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.db.Rows;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Scopes by joining {@code environments}, {@code projects} and {@code organizations}. */
@Component
@OnPostgres
public class PostgresScopeLookup implements ScopeLookup {
    private final JdbcClient jdbc;

    public PostgresScopeLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<EnvScope> env(UUID envId) {
        return jdbc.sql("""
                select e.id, e.key as env_key, e.name as env_name, p.id as project_id, p.key as project_key,
                       o.id as org_id, o.workspace_id
                  from environments e
                  join projects p on p.id = e.project_id
                  join organizations o on o.id = p.organization_id
                 where e.id = :id""")
                .param("id", envId)
                .query((rs, i) -> new EnvScope(Rows.uuid(rs, "id"), rs.getString("env_key"), rs.getString("env_name"),
                        Rows.uuid(rs, "project_id"), rs.getString("project_key"), Rows.uuid(rs, "org_id"),
                        Rows.uuid(rs, "workspace_id")))
                .optional();
    }

    @Override
    public Optional<ProjectScope> project(UUID projectId) {
        return jdbc.sql("select id, key, name, organization_id from projects where id = :id")
                .param("id", projectId)
                .query((rs, i) -> new ProjectScope(Rows.uuid(rs, "id"), rs.getString("key"), rs.getString("name"),
                        Rows.uuid(rs, "organization_id")))
                .optional();
    }
}
