package io.toggleworks.api.iam;

import io.toggleworks.api.db.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code groups}, {@code group_members} and {@code group_policies} tables. */
@Repository
public class GroupStore {
    private final JdbcClient jdbc;

    public GroupStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Group> find(UUID organizationId, UUID id) {
        return jdbc.sql("select * from groups where id = :id and organization_id = :o")
                .param("id", id).param("o", organizationId).query(this::map).optional();
    }

    public List<Group> list(UUID organizationId, String name) {
        return jdbc.sql("select * from groups where organization_id = :o and (cast(:name as text) is null or name ilike :name) "
                        + "order by created_at desc")
                .param("o", organizationId).param("name", name == null || name.isBlank() ? null : Rows.contains(name))
                .query(this::map).list();
    }

    public boolean nameUsed(UUID organizationId, String name, UUID exceptId) {
        return jdbc.sql("select count(*) from groups where organization_id = :o and lower(name) = lower(:name) and id <> :id")
                .param("o", organizationId).param("name", name).param("id", exceptId).query(Long.class).single() > 0;
    }

    public void insert(Group g) {
        jdbc.sql("insert into groups (id, organization_id, name, description, created_at, updated_at) "
                        + "values (:id, :o, :name, :d, now(), now())")
                .param("id", g.id()).param("o", g.organizationId()).param("name", g.name()).param("d", g.description())
                .update();
    }

    public void update(UUID id, String name, String description) {
        jdbc.sql("update groups set name = :name, description = :d, updated_at = now() where id = :id")
                .param("id", id).param("name", name).param("d", description).update();
    }

    public void delete(UUID id) {
        jdbc.sql("delete from group_members where group_id = :id").param("id", id).update();
        jdbc.sql("delete from group_policies where group_id = :id").param("id", id).update();
        jdbc.sql("delete from groups where id = :id").param("id", id).update();
    }

    /** Ids of the groups of a member. */
    public List<UUID> groupIdsOf(UUID organizationId, UUID memberId) {
        return jdbc.sql("select group_id from group_members where organization_id = :o and member_id = :m")
                .param("o", organizationId).param("m", memberId).query(UUID.class).list();
    }

    public List<UUID> memberIdsOf(UUID groupId) {
        return jdbc.sql("select member_id from group_members where group_id = :g").param("g", groupId).query(UUID.class).list();
    }

    public List<UUID> policyIdsOf(UUID groupId) {
        return jdbc.sql("select policy_id from group_policies where group_id = :g").param("g", groupId).query(UUID.class).list();
    }

    public List<UUID> groupIdsWithPolicy(UUID policyId) {
        return jdbc.sql("select group_id from group_policies where policy_id = :p").param("p", policyId).query(UUID.class).list();
    }

    public void addPolicy(UUID groupId, UUID policyId) {
        jdbc.sql("""
                insert into group_policies (id, group_id, policy_id, created_at, updated_at)
                select :id, :g, :p, now(), now()
                 where not exists (select 1 from group_policies where group_id = :g and policy_id = :p)""")
                .param("id", UUID.randomUUID()).param("g", groupId).param("p", policyId).update();
    }

    public void removePolicy(UUID groupId, UUID policyId) {
        jdbc.sql("delete from group_policies where group_id = :g and policy_id = :p")
                .param("g", groupId).param("p", policyId).update();
    }

    private Group map(ResultSet rs, int row) throws SQLException {
        return new Group(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), rs.getString("name"),
                Rows.string(rs, "description"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
