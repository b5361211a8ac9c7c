package io.toggleworks.api.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link MemberPolicyStore} does, on PostgreSQL and on MongoDB. */
abstract class MemberPolicyStoreContract {
    protected abstract StoreFixtures fx();

    private MemberPolicyStore store() {
        return fx().links();
    }

    @Test
    void grantsOnceAndRevokes() {
        UUID org = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID p1 = UUID.randomUUID();
        UUID p2 = UUID.randomUUID();
        store().grant(org, member, p1);
        store().grant(org, member, p1);
        store().grant(org, member, p2);
        store().grant(UUID.randomUUID(), member, p1);
        assertThat(fx().members().directPolicyIds(org, member)).containsExactlyInAnyOrder(p1, p2);

        store().revoke(org, member, p1);
        assertThat(fx().members().directPolicyIds(org, member)).containsExactly(p2);
        store().revoke(org, member, p1);
        store().revoke(UUID.randomUUID(), member, p2);
        assertThat(fx().members().directPolicyIds(org, member)).containsExactly(p2);
    }

    @Test
    void addsToAGroupOnceAndRemoves() {
        UUID org = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID g1 = UUID.randomUUID();
        UUID g2 = UUID.randomUUID();
        store().addToGroup(org, g1, member);
        store().addToGroup(org, g1, member);
        store().addToGroup(org, g2, member);
        assertThat(fx().groups().groupIdsOf(org, member)).containsExactlyInAnyOrder(g1, g2);
        assertThat(fx().groups().memberIdsOf(g1)).containsExactly(member);

        store().removeFromGroup(org, g1, member);
        assertThat(fx().groups().groupIdsOf(org, member)).containsExactly(g2);
        store().removeFromGroup(UUID.randomUUID(), g2, member);
        assertThat(fx().groups().groupIdsOf(org, member)).containsExactly(g2);
    }

    @Test
    void removesEveryLinkOfAMemberInOneOrganization() {
        UUID org = UUID.randomUUID();
        UUID otherOrg = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID policy = UUID.randomUUID();
        UUID group = UUID.randomUUID();
        store().grant(org, member, policy);
        store().addToGroup(org, group, member);
        store().grant(otherOrg, member, policy);
        store().addToGroup(otherOrg, group, member);

        store().removeMember(org, member);
        assertThat(fx().members().directPolicyIds(org, member)).isEmpty();
        assertThat(fx().groups().groupIdsOf(org, member)).isEmpty();
        assertThat(fx().members().directPolicyIds(otherOrg, member)).containsExactly(policy);
        assertThat(fx().groups().groupIdsOf(otherOrg, member)).containsExactly(group);
    }
}
