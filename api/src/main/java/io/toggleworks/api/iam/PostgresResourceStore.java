package io.toggleworks.api.iam;

import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.db.Rows;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link ResourceStore} on PostgreSQL: {@code organizations}, {@code projects}, {@code environments}. */
@Repository
@OnPostgres
public class PostgresResourceStore implements ResourceStore {
    private final JdbcClient jdbc;

    public PostgresResourceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<ProjectRef> projects(UUID organizationId, String name) {
        return jdbc.sql("select id, name, key from projects where organization_id = :o and (cast(:q as text) is null or name ilike :q) order by name")
                .param("o", organizationId).param("q", pattern(name))
                .query((rs, i) -> new ProjectRef(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("key"))).list();
    }

    @Override
    public List<EnvRef> envs(UUID organizationId, String name) {
        return jdbc.sql("""
                select e.id, p.name as pname, e.name as ename, p.key as pkey, e.key as ekey
                  from environments e join projects p on p.id = e.project_id
                 where p.organization_id = :o and (cast(:q as text) is null or e.name ilike :q or p.name ilike :q)
                 order by p.name, e.name""")
                .param("o", organizationId).param("q", pattern(name))
                .query((rs, i) -> new EnvRef(Rows.uuid(rs, "id"), rs.getString("ename"), rs.getString("ekey"),
                        rs.getString("pname"), rs.getString("pkey"))).list();
    }

    @Override
    public List<EnvRef> envsOfProject(UUID projectId) {
        return jdbc.sql("""
                select e.id, p.name as pname, e.name as ename, p.key as pkey, e.key as ekey
                  from environments e join projects p on p.id = e.project_id
                 where e.project_id = :p order by e.name""")
                .param("p", projectId)
                .query((rs, i) -> new EnvRef(Rows.uuid(rs, "id"), rs.getString("ename"), rs.getString("ekey"),
                        rs.getString("pname"), rs.getString("pkey"))).list();
    }

    @Override
    public Optional<OrganizationRef> organization(UUID id) {
        return jdbc.sql("select id, name, key from organizations where id = :o").param("o", id)
                .query((rs, i) -> new OrganizationRef(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("key"))).optional();
    }

    @Override
    public List<UUID> organizationsOfUserInWorkspaceOf(UUID organizationId, UUID userId) {
        return jdbc.sql("select id from organizations where workspace_id = (select workspace_id from organizations where id = :o) "
                        + "and id in (select organization_id from organization_users where user_id = :u)")
                .param("o", organizationId).param("u", userId).query(UUID.class).list();
    }

    private static String pattern(String name) {
        return name == null || name.isBlank() ? null : Rows.contains(name);
    }
}
