package io.toggleworks.api.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.db.StoreFixture.Json;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link WorkspaceStore} does, on each main database (workspaces arranged through the fixture). */
abstract class WorkspaceStoreContract {
    protected abstract WorkspaceStore store();

    protected abstract StoreFixture fixture();

    static String key(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    UUID workspace(String key, Instant createdAt, String ssoJson) {
        UUID id = UUID.randomUUID();
        Map<String, Object> row = new HashMap<>(Map.of("id", id, "name", "Name " + key, "key", key, "license", "lic",
                "created_at", createdAt, "updated_at", createdAt));
        if (ssoJson != null) {
            row.put("sso", new Json(ssoJson));
        }
        fixture().insert("workspaces", row);
        return id;
    }

    void member(UUID ws, UUID user) {
        Instant t = Instant.now();
        fixture().insert("workspace_users", Map.of("id", UUID.randomUUID(), "workspace_id", ws, "user_id", user,
                "created_at", t, "updated_at", t));
    }

    @Test
    void findsAWorkspaceWithItsSso() {
        String key = key("find");
        UUID id = workspace(key, Instant.now(), "{\"oidc\":{\"clientId\":\"c\",\"scope\":\"openid\"}}");
        Workspace ws = store().find(id).orElseThrow();
        assertThat(ws.key()).isEqualTo(key);
        assertThat(ws.name()).isEqualTo("Name " + key);
        assertThat(ws.license()).isEqualTo("lic");
        assertThat(ws.sso().path("oidc").path("clientId").asString()).isEqualTo("c");
        assertThat(store().find(workspace(key("nosso"), Instant.now(), null)).orElseThrow().sso()).isNull();
        assertThat(store().find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void theWorkspacesOfAUserOldestFirst() {
        UUID user = UUID.randomUUID();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        UUID newer = workspace(key("newer"), t.plusSeconds(60), null);
        UUID older = workspace(key("older"), t, null);
        UUID other = workspace(key("other"), t, null);
        member(newer, user);
        member(older, user);
        member(other, UUID.randomUUID());
        assertThat(store().ofUser(user)).extracting(Workspace::id).containsExactly(older, newer);
        assertThat(store().ofUser(UUID.randomUUID())).isEmpty();
    }

    @Test
    void keyUsedIgnoresCaseAndTheWorkspaceItself() {
        String key = key("k.used");
        UUID id = workspace(key, Instant.now(), null);
        assertThat(store().keyUsed(key.toUpperCase(), UUID.randomUUID())).isTrue();
        assertThat(store().keyUsed(key, id)).isFalse();
        assertThat(store().keyUsed(key.replace('.', 'x'), UUID.randomUUID())).isFalse();
    }

    @Test
    void updatesNameKeyAndSso() {
        UUID id = workspace(key("upd"), Instant.now(), null);
        String key = key("renamed");
        store().update(id, "Renamed", key);
        store().updateSso(id, "{\"oidc\":{\"clientId\":\"id\",\"clientSecret\":\"s\"}}");
        Workspace ws = store().find(id).orElseThrow();
        assertThat(ws.name()).isEqualTo("Renamed");
        assertThat(ws.key()).isEqualTo(key);
        assertThat(ws.sso().path("oidc").path("clientSecret").asString()).isEqualTo("s");
    }

    @Test
    void autoAgentsUsedCountsTheRelayProxiesOfTheWorkspacesOrganizations() {
        UUID ws = workspace(key("quota"), Instant.now(), null);
        UUID org1 = organization(ws);
        UUID org2 = organization(ws);
        UUID elsewhere = organization(UUID.randomUUID());
        relayProxy(org1, "[{\"id\":\"a\"},{\"id\":\"b\"}]");
        relayProxy(org2, "[{\"id\":\"c\"}]");
        relayProxy(org2, null);
        relayProxy(elsewhere, "[{\"id\":\"d\"}]");
        assertThat(store().autoAgentsUsed(ws)).isEqualTo(3);
        assertThat(store().autoAgentsUsed(UUID.randomUUID())).isZero();
    }

    UUID organization(UUID ws) {
        UUID id = UUID.randomUUID();
        Instant t = Instant.now();
        fixture().insert("organizations", Map.of("id", id, "workspace_id", ws, "name", "o", "key", key("o"),
                "initialized", true, "default_permissions", new Json("{\"policyIds\":[],\"groupIds\":[]}"),
                "created_at", t, "updated_at", t));
        return id;
    }

    void relayProxy(UUID org, String autoAgents) {
        Instant t = Instant.now();
        Map<String, Object> row = new HashMap<>(Map.of("id", UUID.randomUUID(), "organization_id", org, "name", "rp",
                "key", key("rp"), "is_all_envs", true, "created_at", t, "updated_at", t));
        if (autoAgents != null) {
            row.put("auto_agents", new Json(autoAgents));
        }
        fixture().insert("relay_proxies", row);
    }
}
