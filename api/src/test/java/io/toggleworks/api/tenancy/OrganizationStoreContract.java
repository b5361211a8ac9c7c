package io.toggleworks.api.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.db.StoreFixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link OrganizationStore} does, on each main database. */
abstract class OrganizationStoreContract {
    protected abstract OrganizationStore store();

    protected abstract StoreFixture fixture();

    static Organization org(UUID ws, String key) {
        return new Organization(UUID.randomUUID(), ws, "Name " + key, key, false, null,
                new Organization.DefaultPermissions(List.of(UUID.randomUUID()), List.of(UUID.randomUUID())),
                new Organization.Settings("key"));
    }

    @Test
    void insertedOrganizationReadsBack() {
        Organization o = org(UUID.randomUUID(), "read");
        store().insert(o);
        assertThat(store().find(o.id())).contains(o);
        assertThat(store().find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void theOrganizationsOfAUserAndOfAWorkspaceOldestFirst() throws InterruptedException {
        UUID ws = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Organization first = org(ws, "first");
        Organization second = org(ws, "second");
        Organization elsewhere = org(UUID.randomUUID(), "elsewhere");
        store().insert(first);
        Thread.sleep(5); // created_at is the insert time
        store().insert(second);
        store().insert(elsewhere);
        for (Organization o : List.of(second, first, elsewhere)) {
            store().addMember(o.id(), user, null);
        }
        assertThat(store().ofUser(user, Optional.of(ws))).containsExactly(first, second);
        assertThat(store().ofUser(user, Optional.empty())).containsExactlyInAnyOrder(first, second, elsewhere);
        assertThat(store().ofUser(UUID.randomUUID(), Optional.empty())).isEmpty();
        assertThat(store().ofWorkspace(ws)).containsExactly(first, second);
    }

    @Test
    void keyUsedIgnoresCaseOtherWorkspacesAndTheOrganizationItself() {
        UUID ws = UUID.randomUUID();
        Organization o = org(ws, "Key.Used");
        store().insert(o);
        assertThat(store().keyUsed(ws, "key.used", UUID.randomUUID())).isTrue();
        assertThat(store().keyUsed(ws, "key.used", o.id())).isFalse();
        assertThat(store().keyUsed(ws, "keyxused", UUID.randomUUID())).isFalse();
        assertThat(store().keyUsed(UUID.randomUUID(), "key.used", UUID.randomUUID())).isFalse();
    }

    @Test
    void updateChangesNameKeyInitializedPermissionsAndSettings() {
        Organization o = org(UUID.randomUUID(), "upd");
        store().insert(o);
        Organization changed = new Organization(o.id(), o.workspaceId(), "New", "new-key", true, null,
                new Organization.DefaultPermissions(List.of(UUID.randomUUID()), List.of()), new Organization.Settings("created_at"));
        store().update(changed);
        assertThat(store().find(o.id())).contains(changed);
    }

    @Test
    void membersAreAddedOnce() {
        Organization o = org(UUID.randomUUID(), "members");
        store().insert(o);
        UUID user = UUID.randomUUID();
        assertThat(store().isMember(o.id(), user)).isFalse();
        store().addMember(o.id(), user, UUID.randomUUID());
        store().addMember(o.id(), user, null);
        assertThat(store().isMember(o.id(), user)).isTrue();
        assertThat(fixture().count("organization_users", "user_id", user)).isEqualTo(1);
    }

    @Test
    void groupsFoundCountsTheOrganizationsGroupsOnly() {
        UUID org = UUID.randomUUID();
        UUID g1 = group(org);
        UUID g2 = group(org);
        UUID other = group(UUID.randomUUID());
        assertThat(store().groupsFound(org, List.of(g1, g2, g1))).isEqualTo(2);
        assertThat(store().groupsFound(org, List.of(g1, other, UUID.randomUUID()))).isEqualTo(1);
        assertThat(store().groupsFound(org, List.of())).isZero();
    }

    @Test
    void deleteRemovesTheOrganizationAndWhatItOwns() {
        Organization o = org(UUID.randomUUID(), "gone");
        Organization kept = org(o.workspaceId(), "kept");
        store().insert(o);
        store().insert(kept);
        UUID user = UUID.randomUUID();
        store().addMember(o.id(), user, null);
        store().addMember(kept.id(), user, null);
        UUID g = group(o.id());
        UUID keptGroup = group(kept.id());
        Instant t = Instant.now();
        fixture().insert("group_policies", Map.of("id", UUID.randomUUID(), "group_id", g, "policy_id", UUID.randomUUID(),
                "created_at", t, "updated_at", t));
        fixture().insert("group_policies", Map.of("id", UUID.randomUUID(), "group_id", keptGroup, "policy_id", UUID.randomUUID(),
                "created_at", t, "updated_at", t));
        for (UUID org : List.of(o.id(), kept.id())) {
            fixture().insert("member_policies", Map.of("id", UUID.randomUUID(), "organization_id", org, "member_id", user,
                    "policy_id", UUID.randomUUID(), "created_at", t, "updated_at", t));
            fixture().insert("relay_proxies", Map.of("id", UUID.randomUUID(), "organization_id", org, "name", "rp",
                    "key", "rp", "is_all_envs", true, "created_at", t, "updated_at", t));
        }

        store().delete(o.id());

        assertThat(store().find(o.id())).isEmpty();
        assertThat(store().isMember(o.id(), user)).isFalse();
        assertThat(fixture().count("groups", "organization_id", o.id())).isZero();
        assertThat(fixture().count("group_policies", "group_id", g)).isZero();
        assertThat(fixture().count("member_policies", "organization_id", o.id())).isZero();
        assertThat(fixture().count("relay_proxies", "organization_id", o.id())).isZero();
        // Another organization's rows stay.
        assertThat(store().find(kept.id())).isPresent();
        assertThat(store().isMember(kept.id(), user)).isTrue();
        assertThat(fixture().count("group_policies", "group_id", keptGroup)).isEqualTo(1);
        assertThat(fixture().count("member_policies", "organization_id", kept.id())).isEqualTo(1);
        assertThat(fixture().count("relay_proxies", "organization_id", kept.id())).isEqualTo(1);
    }

    UUID group(UUID org) {
        UUID id = UUID.randomUUID();
        Instant t = Instant.now();
        fixture().insert("groups", Map.of("id", id, "organization_id", org, "name", "g", "created_at", t, "updated_at", t));
        return id;
    }
}
