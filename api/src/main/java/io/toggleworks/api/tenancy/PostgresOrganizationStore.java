package io.toggleworks.api.tenancy;

import io.toggleworks.api.db.JsonColumns;
import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.db.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code organizations} and {@code organization_users} tables. */
@Repository
@OnPostgres
public class PostgresOrganizationStore implements OrganizationStore {
    private final JdbcClient jdbc;
    private final JsonColumns json;

    public PostgresOrganizationStore(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Optional<Organization> find(UUID id) {
        return jdbc.sql("select * from organizations where id = :id").param("id", id).query(this::map).optional();
    }

    @Override
    public List<Organization> ofUser(UUID userId, Optional<UUID> workspaceId) {
        return jdbc.sql("select o.* from organizations o join organization_users ou on ou.organization_id = o.id "
                        + "where ou.user_id = :u and (cast(:ws as uuid) is null or o.workspace_id = :ws) order by o.created_at")
                .param("u", userId).param("ws", workspaceId.orElse(null)).query(this::map).list();
    }

    @Override
    public List<Organization> ofWorkspace(UUID workspaceId) {
        return jdbc.sql("select * from organizations where workspace_id = :ws order by created_at")
                .param("ws", workspaceId).query(this::map).list();
    }

    @Override
    public boolean keyUsed(UUID workspaceId, String key, UUID exceptId) {
        return jdbc.sql("select count(*) from organizations where workspace_id = :ws and lower(key) = lower(:key) and id <> :id")
                .param("ws", workspaceId).param("key", key).param("id", exceptId).query(Long.class).single() > 0;
    }

    @Override
    public void insert(Organization o) {
        jdbc.sql("""
                insert into organizations (id, workspace_id, name, key, initialized, license, default_permissions, settings,
                                           created_at, updated_at)
                values (:id, :ws, :name, :key, :initialized, :license, cast(:dp as jsonb), cast(:settings as jsonb), now(), now())""")
                .param("id", o.id()).param("ws", o.workspaceId()).param("name", o.name()).param("key", o.key())
                .param("initialized", o.initialized()).param("license", o.license())
                .param("dp", json.write(o.defaultPermissions())).param("settings", json.write(o.settings())).update();
    }

    @Override
    public void update(Organization o) {
        jdbc.sql("""
                update organizations set name = :name, key = :key, initialized = :initialized,
                       default_permissions = cast(:dp as jsonb), settings = cast(:settings as jsonb), updated_at = now()
                 where id = :id""")
                .param("id", o.id()).param("name", o.name()).param("key", o.key()).param("initialized", o.initialized())
                .param("dp", json.write(o.defaultPermissions())).param("settings", json.write(o.settings())).update();
    }

    @Override
    public boolean isMember(UUID organizationId, UUID userId) {
        return jdbc.sql("select count(*) from organization_users where organization_id = :o and user_id = :u")
                .param("o", organizationId).param("u", userId).query(Long.class).single() > 0;
    }

    @Override
    public void addMember(UUID organizationId, UUID userId, UUID invitorId) {
        jdbc.sql("""
                insert into organization_users (id, organization_id, user_id, invitor_id, created_at, updated_at)
                select :id, :o, :u, :inv, now(), now()
                 where not exists (select 1 from organization_users where organization_id = :o and user_id = :u)""")
                .param("id", UUID.randomUUID()).param("o", organizationId).param("u", userId).param("inv", invitorId)
                .update();
    }

    @Override
    public void delete(UUID organizationId) {
        for (String sql : List.of(
                "delete from organization_users where organization_id = :o",
                "delete from member_policies where organization_id = :o",
                "delete from group_policies where group_id in (select id from groups where organization_id = :o)",
                "delete from group_members where organization_id = :o",
                "delete from groups where organization_id = :o",
                "delete from policies where organization_id = :o",
                "delete from access_tokens where organization_id = :o",
                "delete from relay_proxies where organization_id = :o",
                "delete from webhooks where org_id = :o",
                "delete from organizations where id = :o")) {
            jdbc.sql(sql).param("o", organizationId).update();
        }
    }

    @Override
    public long groupsFound(UUID organizationId, List<UUID> groupIds) {
        if (groupIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("select count(*) from groups where organization_id = :o and id in (:ids)")
                .param("o", organizationId).param("ids", groupIds).query(Long.class).single();
    }

    private Organization map(ResultSet rs, int row) throws SQLException {
        return new Organization(Rows.uuid(rs, "id"), Rows.uuid(rs, "workspace_id"), rs.getString("name"),
                rs.getString("key"), rs.getBoolean("initialized"), rs.getString("license"),
                json.read(rs, "default_permissions", Organization.DefaultPermissions.class,
                        new Organization.DefaultPermissions(List.of(), List.of())),
                json.read(rs, "settings", Organization.Settings.class, new Organization.Settings(null)));
    }
}
