package io.toggleworks.api.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link GroupStore} does, on PostgreSQL and on MongoDB. */
abstract class GroupStoreContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected abstract StoreFixtures fx();

    private GroupStore store() {
        return fx().groups();
    }

    static Group group(UUID org, String name, Instant createdAt) {
        return new Group(UUID.randomUUID(), org, name, "about " + name, createdAt, createdAt);
    }

    @Test
    void insertsAndFindsInItsOrganizationOnly() {
        UUID org = UUID.randomUUID();
        Group g = group(org, "Team", T0);
        store().insert(g);
        assertThat(store().find(org, g.id())).contains(g);
        assertThat(store().find(UUID.randomUUID(), g.id())).isEmpty();
        assertThat(store().find(org, UUID.randomUUID())).isEmpty();
    }

    @Test
    void listsNewestFirstFilteredByName() {
        UUID org = UUID.randomUUID();
        Group old = group(org, "Old team", T0);
        Group mid = group(org, "50% team", T0.plusSeconds(1));
        Group recent = group(org, "new_team", T0.plusSeconds(2));
        List.of(old, mid, recent).forEach(store()::insert);
        store().insert(group(UUID.randomUUID(), "Old team", T0));

        assertThat(store().list(org, null)).containsExactly(recent, mid, old);
        assertThat(store().list(org, "")).containsExactly(recent, mid, old);
        assertThat(store().list(org, "TEAM")).containsExactly(recent, mid, old);
        assertThat(store().list(org, "old")).containsExactly(old);
        assertThat(store().list(org, "%")).containsExactly(mid);
        assertThat(store().list(org, "w_t")).containsExactly(recent);
        assertThat(store().list(org, "d_t")).as("an underscore is not a wildcard").isEmpty();
        assertThat(store().list(org, ".*")).isEmpty();
        assertThat(store().list(UUID.randomUUID(), null)).isEmpty();
    }

    @Test
    void aNameIsUsedIgnoringCaseExceptByTheGroupItself() {
        UUID org = UUID.randomUUID();
        Group g = group(org, "Team.A", T0);
        store().insert(g);
        assertThat(store().nameUsed(org, "team.a", new UUID(0, 0))).isTrue();
        assertThat(store().nameUsed(org, "team.a", g.id())).isFalse();
        assertThat(store().nameUsed(org, "teamxa", new UUID(0, 0))).isFalse();
        assertThat(store().nameUsed(org, "Team", new UUID(0, 0))).isFalse();
        assertThat(store().nameUsed(UUID.randomUUID(), "Team.A", new UUID(0, 0))).isFalse();
    }

    @Test
    void updatesNameAndDescription() {
        UUID org = UUID.randomUUID();
        Group g = group(org, "Team", T0);
        store().insert(g);
        store().update(g.id(), "Renamed", "");
        Group after = store().find(org, g.id()).orElseThrow();
        assertThat(after.name()).isEqualTo("Renamed");
        assertThat(after.description()).isEmpty();
        assertThat(after.createdAt()).isEqualTo(T0);
        assertThat(after.updatedAt()).isAfter(T0);
    }

    @Test
    void linksMembersAndPolicies() {
        UUID org = UUID.randomUUID();
        Group g = group(org, "Team", T0);
        Group other = group(org, "Other", T0);
        store().insert(g);
        store().insert(other);
        UUID m1 = UUID.randomUUID();
        UUID m2 = UUID.randomUUID();
        UUID p1 = UUID.randomUUID();
        UUID p2 = UUID.randomUUID();
        fx().links().addToGroup(org, g.id(), m1);
        fx().links().addToGroup(org, g.id(), m2);
        fx().links().addToGroup(org, other.id(), m1);
        store().addPolicy(g.id(), p1);
        store().addPolicy(g.id(), p1);
        store().addPolicy(g.id(), p2);
        store().addPolicy(other.id(), p1);

        assertThat(store().memberIdsOf(g.id())).containsExactlyInAnyOrder(m1, m2);
        assertThat(store().groupIdsOf(org, m1)).containsExactlyInAnyOrder(g.id(), other.id());
        assertThat(store().groupIdsOf(UUID.randomUUID(), m1)).isEmpty();
        assertThat(store().policyIdsOf(g.id())).as("added twice, linked once").containsExactlyInAnyOrder(p1, p2);
        assertThat(store().groupIdsWithPolicy(p1)).containsExactlyInAnyOrder(g.id(), other.id());

        store().removePolicy(g.id(), p1);
        assertThat(store().policyIdsOf(g.id())).containsExactly(p2);
        assertThat(store().groupIdsWithPolicy(p1)).containsExactly(other.id());
        store().removePolicy(g.id(), p1);
        assertThat(store().policyIdsOf(g.id())).containsExactly(p2);
    }

    @Test
    void deletesTheGroupWithItsLinks() {
        UUID org = UUID.randomUUID();
        Group g = group(org, "Team", T0);
        Group kept = group(org, "Kept", T0);
        store().insert(g);
        store().insert(kept);
        UUID member = UUID.randomUUID();
        UUID policy = UUID.randomUUID();
        fx().links().addToGroup(org, g.id(), member);
        fx().links().addToGroup(org, kept.id(), member);
        store().addPolicy(g.id(), policy);
        store().addPolicy(kept.id(), policy);

        store().delete(g.id());
        assertThat(store().find(org, g.id())).isEmpty();
        assertThat(store().memberIdsOf(g.id())).isEmpty();
        assertThat(store().policyIdsOf(g.id())).isEmpty();
        assertThat(store().groupIdsOf(org, member)).containsExactly(kept.id());
        assertThat(store().groupIdsWithPolicy(policy)).containsExactly(kept.id());
        store().delete(g.id());
    }
}
