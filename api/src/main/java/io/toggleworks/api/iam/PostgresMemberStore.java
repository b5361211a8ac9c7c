package io.toggleworks.api.iam;

import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.db.Rows;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link MemberStore} on PostgreSQL: {@code users} joined with their {@code organization_users} row. */
@Repository
@OnPostgres
public class PostgresMemberStore implements MemberStore {
    private final JdbcClient jdbc;

    public PostgresMemberStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String SELECT = """
            select u.id, u.email, u.name, ou.invitor_id, u.initial_password, ou.created_at
              from organization_users ou join users u on u.id = ou.user_id
             where ou.organization_id = :o""";

    @Override
    public Optional<Member> find(UUID organizationId, UUID memberId) {
        return jdbc.sql(SELECT + " and u.id = :m").param("o", organizationId).param("m", memberId).query(this::map).optional();
    }

    @Override
    public PagedResult<Member> list(UUID organizationId, String searchText, Paging paging) {
        String filter = " and (cast(:q as text) is null or u.email ilike :q or u.name ilike :q)";
        String q = searchText == null || searchText.isBlank() ? null : Rows.contains(searchText.trim());
        long total = jdbc.sql("select count(*) from (" + SELECT + filter + ") m")
                .param("o", organizationId).param("q", q).query(Long.class).single();
        List<Member> items = jdbc.sql(SELECT + filter + " order by ou.created_at desc, u.email limit :l offset :off")
                .param("o", organizationId).param("q", q).param("l", paging.pageSize()).param("off", paging.offset())
                .query(this::map).list();
        return new PagedResult<>(total, items);
    }

    @Override
    public List<Member> all(UUID organizationId, String searchText) {
        String q = searchText == null || searchText.isBlank() ? null : Rows.contains(searchText.trim());
        return jdbc.sql(SELECT + " and (cast(:q as text) is null or u.email ilike :q or u.name ilike :q) order by u.email")
                .param("o", organizationId).param("q", q).query(this::map).list();
    }

    @Override
    public List<UUID> memberIdsWithPolicy(UUID organizationId, UUID policyId) {
        return jdbc.sql("select member_id from member_policies where organization_id = :o and policy_id = :p")
                .param("o", organizationId).param("p", policyId).query(UUID.class).list();
    }

    @Override
    public List<UUID> directPolicyIds(UUID organizationId, UUID memberId) {
        return jdbc.sql("select policy_id from member_policies where organization_id = :o and member_id = :m")
                .param("o", organizationId).param("m", memberId).query(UUID.class).list();
    }

    @Override
    public void removeFromOrganization(UUID organizationId, UUID memberId) {
        jdbc.sql("delete from member_policies where organization_id = :o and member_id = :m")
                .param("o", organizationId).param("m", memberId).update();
        jdbc.sql("delete from group_members where organization_id = :o and member_id = :m")
                .param("o", organizationId).param("m", memberId).update();
        jdbc.sql("delete from organization_users where organization_id = :o and user_id = :m")
                .param("o", organizationId).param("m", memberId).update();
    }

    @Override
    public long organizationsInWorkspace(UUID workspaceId, UUID userId) {
        return jdbc.sql("select count(*) from organization_users ou join organizations o on o.id = ou.organization_id "
                        + "where o.workspace_id = :w and ou.user_id = :u")
                .param("w", workspaceId).param("u", userId).query(Long.class).single();
    }

    @Override
    public List<UUID> organizationIdsInWorkspace(UUID workspaceId, UUID userId) {
        return jdbc.sql("select ou.organization_id from organization_users ou join organizations o on o.id = ou.organization_id "
                        + "where o.workspace_id = :w and ou.user_id = :u")
                .param("w", workspaceId).param("u", userId).query(UUID.class).list();
    }

    @Override
    public void removeFromWorkspace(UUID workspaceId, UUID userId) {
        jdbc.sql("delete from workspace_users where workspace_id = :w and user_id = :u")
                .param("w", workspaceId).param("u", userId).update();
        long left = jdbc.sql("select count(*) from workspace_users where user_id = :u").param("u", userId)
                .query(Long.class).single();
        if (left == 0) {
            jdbc.sql("delete from refresh_tokens where user_id = :u").param("u", userId).update();
            jdbc.sql("delete from users where id = :u").param("u", userId).update();
        }
    }

    private Member map(ResultSet rs, int row) throws SQLException {
        return new Member(Rows.uuid(rs, "id"), rs.getString("email"), rs.getString("name"), Rows.uuid(rs, "invitor_id"),
                rs.getString("initial_password"), Rows.instant(rs, "created_at"));
    }
}
