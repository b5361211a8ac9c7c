package io.toggleworks.api.iam;

import io.toggleworks.api.db.OnPostgres;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link MemberPolicyStore} on PostgreSQL: the {@code member_policies} and {@code group_members} tables. */
@Repository
@OnPostgres
public class PostgresMemberPolicyStore implements MemberPolicyStore {
    private final JdbcClient jdbc;

    public PostgresMemberPolicyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void grant(UUID organizationId, UUID memberId, UUID policyId) {
        jdbc.sql("""
                insert into member_policies (id, organization_id, member_id, policy_id, created_at, updated_at)
                select :id, :o, :m, :p, now(), now()
                 where not exists (select 1 from member_policies where organization_id = :o and member_id = :m and policy_id = :p)""")
                .param("id", UUID.randomUUID()).param("o", organizationId).param("m", memberId).param("p", policyId).update();
    }

    @Override
    public void revoke(UUID organizationId, UUID memberId, UUID policyId) {
        jdbc.sql("delete from member_policies where organization_id = :o and member_id = :m and policy_id = :p")
                .param("o", organizationId).param("m", memberId).param("p", policyId).update();
    }

    @Override
    public void addToGroup(UUID organizationId, UUID groupId, UUID memberId) {
        jdbc.sql("""
                insert into group_members (id, group_id, organization_id, member_id, created_at, updated_at)
                select :id, :g, :o, :m, now(), now()
                 where not exists (select 1 from group_members where organization_id = :o and group_id = :g and member_id = :m)""")
                .param("id", UUID.randomUUID()).param("g", groupId).param("o", organizationId).param("m", memberId).update();
    }

    @Override
    public void removeFromGroup(UUID organizationId, UUID groupId, UUID memberId) {
        jdbc.sql("delete from group_members where organization_id = :o and group_id = :g and member_id = :m")
                .param("o", organizationId).param("g", groupId).param("m", memberId).update();
    }

    @Override
    public void removeMember(UUID organizationId, UUID memberId) {
        jdbc.sql("delete from member_policies where organization_id = :o and member_id = :m")
                .param("o", organizationId).param("m", memberId).update();
        jdbc.sql("delete from group_members where organization_id = :o and member_id = :m")
                .param("o", organizationId).param("m", memberId).update();
    }
}
