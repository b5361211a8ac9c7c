package io.toggleworks.api.iam;

import io.toggleworks.api.db.JsonColumns;
import io.toggleworks.api.db.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import io.toggleworks.api.db.OnPostgres;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** {@link PolicyStore} on PostgreSQL: the {@code policies} table and the {@code member_policies}, {@code group_policies} links. */
@Repository
@OnPostgres
public class PostgresPolicyStore implements PolicyStore {
    private static final TypeReference<List<PolicyStatement>> STATEMENTS = new TypeReference<>() { };
    private final JdbcClient jdbc;
    private final JsonColumns json;

    public PostgresPolicyStore(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public List<Policy> policiesOfMember(UUID organizationId, UUID memberId) {
        List<Policy> all = jdbc.sql("""
                select * from policies where id in (
                    select policy_id from member_policies where organization_id = :org and member_id = :member
                    union
                    select gp.policy_id from group_policies gp
                      join group_members gm on gm.group_id = gp.group_id
                     where gm.organization_id = :org and gm.member_id = :member)
                  and (organization_id is null or organization_id = :org)
                order by created_at""")
                .param("org", organizationId).param("member", memberId).query(this::map).list();
        Map<String, Policy> byName = new LinkedHashMap<>();
        all.forEach(p -> byName.putIfAbsent(p.name(), p));
        return List.copyOf(byName.values());
    }

    @Override
    public Optional<Policy> find(UUID organizationId, UUID id) {
        return jdbc.sql("select * from policies where id = :id and (organization_id is null or organization_id = :org)")
                .param("id", id).param("org", organizationId).query(this::map).optional();
    }

    @Override
    public List<Policy> findAll(UUID organizationId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from policies where id in (:ids) and (organization_id is null or organization_id = :org)")
                .param("ids", ids).param("org", organizationId).query(this::map).list();
    }

    @Override
    public Optional<Policy> findByKey(UUID organizationId, String key, boolean sysManaged) {
        String sql = sysManaged
                ? "select * from policies where organization_id is null and key = :key"
                : "select * from policies where organization_id = :org and key = :key";
        return jdbc.sql(sql).param("org", organizationId).param("key", key).query(this::map).optional();
    }

    @Override
    public boolean keyUsed(UUID organizationId, String key) {
        return jdbc.sql("select count(*) from policies where (organization_id = :org or organization_id is null) "
                        + "and lower(key) = lower(:key)")
                .param("org", organizationId).param("key", key).query(Long.class).single() > 0;
    }

    @Override
    public List<Policy> list(UUID organizationId, String name) {
        StringBuilder sql = new StringBuilder("select * from policies where (organization_id = :org or organization_id is null)");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("org", organizationId);
        if (name != null && !name.isBlank()) {
            sql.append(" and name ilike :name");
            params.put("name", Rows.contains(name));
        }
        sql.append(" order by created_at desc, name");
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    @Override
    public void insert(Policy p) {
        jdbc.sql("""
                insert into policies (id, organization_id, name, key, description, type, statements, created_at, updated_at)
                values (:id, :org, :name, :key, :description, :type, cast(:statements as jsonb), :created, :updated)""")
                .param("id", p.id()).param("org", p.organizationId().orElse(null)).param("name", p.name())
                .param("key", p.key()).param("description", p.description()).param("type", p.type())
                .param("statements", json.write(p.statements())).param("created", Rows.utc(p.createdAt()))
                .param("updated", Rows.utc(p.updatedAt())).update();
    }

    @Override
    public void updateSettings(UUID id, String name, String description) {
        jdbc.sql("update policies set name = :name, description = :description, updated_at = now() where id = :id")
                .param("id", id).param("name", name).param("description", description).update();
    }

    @Override
    public void updateStatements(UUID id, List<PolicyStatement> statements) {
        jdbc.sql("update policies set statements = cast(:s as jsonb), updated_at = now() where id = :id")
                .param("id", id).param("s", json.write(statements)).update();
    }

    @Override
    public void delete(UUID id) {
        jdbc.sql("delete from member_policies where policy_id = :id").param("id", id).update();
        jdbc.sql("delete from group_policies where policy_id = :id").param("id", id).update();
        jdbc.sql("delete from policies where id = :id").param("id", id).update();
    }

    Policy map(ResultSet rs, int row) throws SQLException {
        return new Policy(Rows.uuid(rs, "id"), Optional.ofNullable(Rows.uuid(rs, "organization_id")), rs.getString("name"),
                Rows.string(rs, "key"), Rows.string(rs, "description"), rs.getString("type"),
                json.read(rs, "statements", STATEMENTS, List.of()), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
