package io.toggleworks.api.tenancy;

import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.db.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code workspaces} table. */
@Repository
@OnPostgres
public class PostgresWorkspaceStore implements WorkspaceStore {
    private final JdbcClient jdbc;
    private final JsonMapper json;

    public PostgresWorkspaceStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Optional<Workspace> find(UUID id) {
        return jdbc.sql("select * from workspaces where id = :id").param("id", id).query(this::map).optional();
    }

    @Override
    public List<Workspace> ofUser(UUID userId) {
        return jdbc.sql("select w.* from workspaces w join workspace_users wu on wu.workspace_id = w.id "
                        + "where wu.user_id = :u order by w.created_at")
                .param("u", userId).query(this::map).list();
    }

    @Override
    public boolean keyUsed(String key, UUID exceptId) {
        return jdbc.sql("select count(*) from workspaces where lower(key) = lower(:key) and id <> :id")
                .param("key", key).param("id", exceptId).query(Long.class).single() > 0;
    }

    @Override
    public void updateSso(UUID id, String ssoJson) {
        jdbc.sql("update workspaces set sso = cast(:sso as jsonb), updated_at = now() where id = :id")
                .param("id", id).param("sso", ssoJson).update();
    }

    @Override
    public void update(UUID id, String name, String key) {
        jdbc.sql("update workspaces set name = :name, key = :key, updated_at = now() where id = :id")
                .param("id", id).param("name", name).param("key", key).update();
    }

    @Override
    public long autoAgentsUsed(UUID workspaceId) {
        return jdbc.sql("""
                select coalesce(sum(jsonb_array_length(coalesce(r.auto_agents, '[]'::jsonb))), 0)
                  from relay_proxies r join organizations o on o.id = r.organization_id where o.workspace_id = :ws""")
                .param("ws", workspaceId).query(Long.class).single();
    }

    private Workspace map(ResultSet rs, int row) throws SQLException {
        String sso = rs.getString("sso");
        return new Workspace(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("key"), rs.getString("license"),
                sso == null ? null : json.readTree(sso));
    }
}
