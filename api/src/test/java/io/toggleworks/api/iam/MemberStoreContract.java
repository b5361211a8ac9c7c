package io.toggleworks.api.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.iam.MemberStore.Member;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link MemberStore} does, on PostgreSQL and on MongoDB. */
abstract class MemberStoreContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected abstract StoreFixtures fx();

    private MemberStore store() {
        return fx().members();
    }

    /** A user (random email under {@code local}) who is a member of {@code org} since {@code joined}. */
    private Member member(UUID org, String local, String name, UUID invitor, Instant joined) {
        UUID id = UUID.randomUUID();
        String email = local + "-" + id.toString().substring(0, 8) + "@example.com";
        fx().user(id, email, name, "pw-" + local);
        fx().organizationUser(org, id, invitor, joined);
        return new Member(id, email, name, invitor, "pw-" + local, joined);
    }

    @Test
    void findsAMemberOfTheOrganization() {
        UUID org = UUID.randomUUID();
        UUID invitor = UUID.randomUUID();
        Member m = member(org, "ann", "Ann", invitor, T0);
        Member noInvitor = member(org, "bob", "Bob", null, T0);
        assertThat(store().find(org, m.id())).contains(m);
        assertThat(store().find(org, noInvitor.id())).contains(noInvitor);
        assertThat(store().find(UUID.randomUUID(), m.id())).isEmpty();
        assertThat(store().find(org, UUID.randomUUID())).isEmpty();
    }

    @Test
    void listsNewestMembershipFirstThenByEmailPagedAndSearched() {
        UUID org = UUID.randomUUID();
        Member a = member(org, "a", "Zed 100%", null, T0.plusSeconds(10));
        Member b = member(org, "b", "Yan", null, T0.plusSeconds(10));
        Member c = member(org, "c", "Xi_x", null, T0);
        member(UUID.randomUUID(), "a", "Zed", null, T0);

        PagedResult<Member> all = store().list(org, null, new Paging(0, 10));
        assertThat(all.totalCount()).isEqualTo(3);
        assertThat(all.items()).containsExactly(a, b, c);
        PagedResult<Member> second = store().list(org, " ", new Paging(1, 2));
        assertThat(second.totalCount()).isEqualTo(3);
        assertThat(second.items()).containsExactly(c);
        assertThat(store().list(org, null, new Paging(0, 0)).items()).isEmpty();

        assertThat(store().list(org, "YAN", new Paging(0, 10)).items()).containsExactly(b);
        assertThat(store().list(org, " b-", new Paging(0, 10)).items()).as("trimmed, by email").containsExactly(b);
        assertThat(store().list(org, "100%", new Paging(0, 10)).items()).containsExactly(a);
        assertThat(store().list(org, "i_x", new Paging(0, 10)).items()).containsExactly(c);
        assertThat(store().list(org, "e_", new Paging(0, 10)).totalCount()).as("an underscore is not a wildcard").isZero();
        PagedResult<Member> byDomain = store().list(org, "EXAMPLE.com", new Paging(0, 2));
        assertThat(byDomain.totalCount()).isEqualTo(3);
        assertThat(byDomain.items()).containsExactly(a, b);
    }

    @Test
    void listsAllByEmail() {
        UUID org = UUID.randomUUID();
        Member c = member(org, "c", "Cy", null, T0.plusSeconds(10));
        Member a = member(org, "a", "Ay", null, T0);
        Member b = member(org, "b", "By", null, T0.plusSeconds(5));
        assertThat(store().all(org, null)).containsExactly(a, b, c);
        assertThat(store().all(org, "BY")).containsExactly(b);
        assertThat(store().all(org, "c-")).containsExactly(c);
        assertThat(store().all(UUID.randomUUID(), null)).isEmpty();
    }

    @Test
    void readsDirectPolicyLinks() {
        UUID org = UUID.randomUUID();
        UUID m1 = UUID.randomUUID();
        UUID m2 = UUID.randomUUID();
        UUID p1 = UUID.randomUUID();
        UUID p2 = UUID.randomUUID();
        fx().links().grant(org, m1, p1);
        fx().links().grant(org, m1, p2);
        fx().links().grant(org, m2, p1);
        fx().links().grant(UUID.randomUUID(), m2, p2);
        assertThat(store().memberIdsWithPolicy(org, p1)).containsExactlyInAnyOrder(m1, m2);
        assertThat(store().memberIdsWithPolicy(org, p2)).containsExactly(m1);
        assertThat(store().directPolicyIds(org, m1)).containsExactlyInAnyOrder(p1, p2);
        assertThat(store().directPolicyIds(org, m2)).containsExactly(p1);
    }

    @Test
    void removesAMemberFromOneOrganizationWithItsLinks() {
        UUID org = UUID.randomUUID();
        UUID otherOrg = UUID.randomUUID();
        Member m = member(org, "m", "M", null, T0);
        fx().organizationUser(otherOrg, m.id(), null, T0);
        UUID policy = UUID.randomUUID();
        UUID group = UUID.randomUUID();
        fx().links().grant(org, m.id(), policy);
        fx().links().addToGroup(org, group, m.id());
        fx().links().grant(otherOrg, m.id(), policy);

        store().removeFromOrganization(org, m.id());
        assertThat(store().find(org, m.id())).isEmpty();
        assertThat(store().directPolicyIds(org, m.id())).isEmpty();
        assertThat(fx().groups().groupIdsOf(org, m.id())).isEmpty();
        assertThat(store().find(otherOrg, m.id())).isPresent();
        assertThat(store().directPolicyIds(otherOrg, m.id())).containsExactly(policy);
        assertThat(fx().userExists(m.id())).isTrue();
    }

    @Test
    void countsTheUsersOrganizationsInAWorkspace() {
        UUID ws = UUID.randomUUID();
        UUID o1 = UUID.randomUUID();
        UUID o2 = UUID.randomUUID();
        UUID elsewhere = UUID.randomUUID();
        fx().organization(o1, ws, "O1", "o1");
        fx().organization(o2, ws, "O2", "o2");
        fx().organization(elsewhere, UUID.randomUUID(), "O3", "o3");
        Member m = member(o1, "m", "M", null, T0);
        fx().organizationUser(o2, m.id(), null, T0);
        fx().organizationUser(elsewhere, m.id(), null, T0);

        assertThat(store().organizationsInWorkspace(ws, m.id())).isEqualTo(2);
        assertThat(store().organizationIdsInWorkspace(ws, m.id())).containsExactlyInAnyOrder(o1, o2);
        assertThat(store().organizationsInWorkspace(UUID.randomUUID(), m.id())).isZero();
        assertThat(store().organizationIdsInWorkspace(ws, UUID.randomUUID())).isEmpty();
    }

    @Test
    void leavingTheLastWorkspaceDeletesTheUser() {
        UUID ws1 = UUID.randomUUID();
        UUID ws2 = UUID.randomUUID();
        Member m = member(UUID.randomUUID(), "m", "M", null, T0);
        fx().workspaceUser(ws1, m.id());
        fx().workspaceUser(ws2, m.id());
        fx().refreshToken(m.id());

        store().removeFromWorkspace(ws1, m.id());
        assertThat(fx().workspaceMemberships(m.id())).isEqualTo(1);
        assertThat(fx().userExists(m.id())).isTrue();
        assertThat(fx().refreshTokens(m.id())).isEqualTo(1);

        store().removeFromWorkspace(ws2, m.id());
        assertThat(fx().workspaceMemberships(m.id())).isZero();
        assertThat(fx().userExists(m.id())).isFalse();
        assertThat(fx().refreshTokens(m.id())).isZero();
    }
}
