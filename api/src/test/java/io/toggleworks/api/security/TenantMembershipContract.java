package io.toggleworks.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.db.StoreFixture.Json;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link TenantMembership} answers, on each main database. */
abstract class TenantMembershipContract {
    protected abstract TenantMembership membership();

    protected abstract StoreFixture fixture();

    @Test
    void answersFromUsersAndMemberships() {
        Instant t = Instant.now();
        UUID user = UUID.randomUUID();
        UUID ws = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        fixture().insert("users", Map.of("id", user, "name", "n", "email", user + "@example.com", "password", "p",
                "created_at", t, "updated_at", t));
        fixture().insert("workspace_users", Map.of("id", UUID.randomUUID(), "workspace_id", ws, "user_id", user,
                "created_at", t, "updated_at", t));
        fixture().insert("organizations", Map.of("id", org, "workspace_id", ws, "name", "o", "key", "o",
                "initialized", true, "default_permissions", new Json("{\"policyIds\":[],\"groupIds\":[]}"),
                "created_at", t, "updated_at", t));
        fixture().insert("organization_users", Map.of("id", UUID.randomUUID(), "organization_id", org, "user_id", user,
                "created_at", t, "updated_at", t));

        assertThat(membership().userExists(user)).isTrue();
        assertThat(membership().userExists(UUID.randomUUID())).isFalse();
        assertThat(membership().inWorkspace(user, ws)).isTrue();
        assertThat(membership().inWorkspace(user, UUID.randomUUID())).isFalse();
        assertThat(membership().inWorkspace(UUID.randomUUID(), ws)).isFalse();
        assertThat(membership().inOrganization(user, org)).isTrue();
        assertThat(membership().inOrganization(user, UUID.randomUUID())).isFalse();
        assertThat(membership().inOrganization(UUID.randomUUID(), org)).isFalse();
        assertThat(membership().workspaceOf(org)).contains(ws);
        assertThat(membership().workspaceOf(UUID.randomUUID())).isEmpty();
    }
}
