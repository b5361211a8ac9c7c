package io.toggleworks.api.iam;

import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.db.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link GroupStore} on PostgreSQL: the {@code groups}, {@code group_members} and {@code group_policies} tables. */
@Repository
@OnPostgres
public class PostgresGroupStore implements GroupStore {
    private final JdbcClient jdbc;

    public PostgresGroupStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Group> find(UUID organizationId, UUID id) {
        return jdbc.sql("select * from groups where id = :id and organization_id = :o")
                .param("id", id).param("o", organizationId).query(this::map).optional();
    }

    @Override
    public List<Group> list(UUID organizationId, String name) {
        return jdbc.sql("select * from groups where organization_id = :o and (cast(:name as text) is null or name ilike :name) "
                        + "order by created_at desc")
                .param("o", organizationId).param("name", name == null || name.isBlank() ? null : Rows.contains(name))
                .query(this::map).list();
    }

    @Override
    public boolean nameUsed(UUID organizationId, String name, UUID exceptId) {
        return jdbc.sql("select count(*) from groups where organization_id = :o and lower(name) = lower(:name) and id <> :id")
                .param("o", organizationId).param("name", name).param("id", exceptId).query(Long.class).single() > 0;
    }

    @Override
    public void insert(Group g) {
        jdbc.sql("insert into groups (id, organization_id, name, description, created_at, updated_at) "
                        + "values (:id, :o, :name, :d, :c, :u)")
                .param("id", g.id()).param("o", g.organizationId()).param("name", g.name()).param("d", g.description())
                .param("c", Rows.utc(g.createdAt())).param("u", Rows.utc(g.updatedAt())).update();
    }

    @Override
    public void update(UUID id, String name, String description) {
        jdbc.sql("update groups set name = :name, description = :d, updated_at = now() where id = :id")
                .param("id", id).param("name", name).param("d", description).update();
    }

    @Override
    public void delete(UUID id) {
        jdbc.sql("delete from group_members where group_id = :id").param("id", id).update();
        jdbc.sql("delete from group_policies where group_id = :id").param("id", id).update();
        jdbc.sql("delete from groups where id = :id").param("id", id).update();
    }

    @Override
    public List<UUID> groupIdsOf(UUID organizationId, UUID memberId) {
        return jdbc.sql("select group_id from group_members where organization_id = :o and member_id = :m")
                .param("o", organizationId).param("m", memberId).query(UUID.class).list();
    }

    @Override
    public List<UUID> memberIdsOf(UUID groupId) {
        return jdbc.sql("select member_id from group_members where group_id = :g").param("g", groupId).query(UUID.class).list();
    }

    @Override
    public List<UUID> policyIdsOf(UUID groupId) {
        return jdbc.sql("select policy_id from group_policies where group_id = :g").param("g", groupId).query(UUID.class).list();
    }

    @Override
    public List<UUID> groupIdsWithPolicy(UUID policyId) {
        return jdbc.sql("select group_id from group_policies where policy_id = :p").param("p", policyId).query(UUID.class).list();
    }

    @Override
    public void addPolicy(UUID groupId, UUID policyId) {
        jdbc.sql("""
                insert into group_policies (id, group_id, policy_id, created_at, updated_at)
                select :id, :g, :p, now(), now()
                 where not exists (select 1 from group_policies where group_id = :g and policy_id = :p)""")
                .param("id", UUID.randomUUID()).param("g", groupId).param("p", policyId).update();
    }

    @Override
    public void removePolicy(UUID groupId, UUID policyId) {
        jdbc.sql("delete from group_policies where group_id = :g and policy_id = :p")
                .param("g", groupId).param("p", policyId).update();
    }

    private Group map(ResultSet rs, int row) throws SQLException {
        return new Group(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), rs.getString("name"),
                Rows.string(rs, "description"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
