package io.toggleworks.api.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@Tag("mongodb")
class TenancyTest extends ApiTestBase {

    /** What the API stored, on whichever main database this run uses. */
    private static <T> T stored(java.util.function.Function<StoreFixture, T> read) {
        if (onMongo()) {
            try (var client = mongoClient()) {
                return read.apply(StoreFixture.mongo(client.getDatabase(mongoDatabaseName())));
            }
        }
        return read.apply(StoreFixture.postgres(db()));
    }

    private static long count(String table, String column, Object value) {
        return stored(s -> s.count(table, column, value));
    }

    private static java.util.Optional<Object> value(String table, String whereColumn, Object whereValue, String column) {
        return stored(s -> s.value(table, whereColumn, whereValue, column));
    }

    @Test
    void onboardingInitializesTheOrganizationAndCreatesProjectEnvsAndSecrets() {
        ApiClient org = newOrganization();
        assertThat(org.get("organizations/" + org.organizationId()).ok().data().path("initialized").asBoolean()).isFalse();
        org.post("organizations/onboarding", Map.of("organizationName", "Acme", "organizationKey", "acme-" + UUID.randomUUID().toString().substring(0, 6),
                "projectName", "Web", "projectKey", "web", "environments", List.of("Dev", "Prod"))).ok();
        JsonNode o = org.get("organizations/" + org.organizationId()).ok().data();
        assertThat(o.path("initialized").asBoolean()).isTrue();
        assertThat(o.path("name").asString()).isEqualTo("Acme");
        JsonNode projects = org.get("projects").ok().data();
        assertThat(projects).hasSize(1);
        JsonNode envs = projects.path(0).path("environments");
        assertThat(envs.findValuesAsString("key")).containsExactlyInAnyOrder("dev", "prod");
        for (JsonNode env : envs) {
            assertThat(env.path("secrets")).hasSize(2);
            for (JsonNode secret : env.path("secrets")) {
                String value = secret.path("value").asString();
                assertThat(value).hasSize(44);
                assertThat(value.substring(22)).isEqualTo(SecretValues.encode(UUID.fromString(env.path("id").asString())));
            }
            assertThat(env.path("secrets").findValuesAsString("type")).containsExactlyInAnyOrder("server", "client");
            UUID envId = UUID.fromString(env.path("id").asString());
            assertThat(count("end_user_properties", "env_id", envId)).isEqualTo(2);
        }
    }

    /**
     * On MongoDB (no transaction) an onboarding can stop after creating its project and before marking the
     * organization initialized; its retry finishes it with that project. On PostgreSQL the half-done state cannot
     * exist, and a project key already taken is refused.
     */
    @Test
    void onboardingRetriedAfterItsProjectWasCreated() {
        ApiClient org = newOrganization();
        org.post("projects", Map.of("name", "Web", "key", "web")).ok();
        ApiClient.Response retry = org.post("organizations/onboarding", Map.of("organizationName", "Acme",
                "organizationKey", "acme-" + UUID.randomUUID().toString().substring(0, 6), "projectName", "Web",
                "projectKey", "web", "environments", List.of("Dev", "Prod")));
        if (onMongo()) {
            retry.ok();
            assertThat(org.get("organizations/" + org.organizationId()).ok().data().path("initialized").asBoolean()).isTrue();
            assertThat(org.get("projects").ok().data()).hasSize(1);
            // Once initialized, the key is taken as anywhere else.
            assertThat(org.post("organizations/onboarding", Map.of("organizationName", "Acme", "organizationKey", "acme2-"
                    + UUID.randomUUID().toString().substring(0, 6), "projectName", "Web", "projectKey", "web",
                    "environments", List.of("Dev"))).status()).isEqualTo(422);
        } else {
            assertThat(retry.status()).isEqualTo(422);
            assertThat(org.get("organizations/" + org.organizationId()).ok().data().path("initialized").asBoolean()).isFalse();
        }
    }

    @Test
    void projectLifecycle() {
        ApiClient org = newOrganization();
        JsonNode project = org.post("projects", Map.of("name", "Shop", "key", "shop")).ok().data();
        assertThat(project.path("environments").valueStream().map(e -> e.path("name").asString()).toList())
                .containsExactlyInAnyOrder("Prod", "Dev");
        String id = project.path("id").asString();
        assertThat(org.get("projects/is-key-used?key=SHOP").ok().data().asBoolean()).isTrue();
        assertThat(org.post("projects", Map.of("name", "Shop2", "key", "shop")).status()).isEqualTo(422);
        assertThat(org.put("projects/" + id, Map.of("name", "Shop renamed")).ok().data().path("name").asString()).isEqualTo("Shop renamed");
        assertThat(org.get("projects/" + id).ok().data().path("name").asString()).isEqualTo("Shop renamed");
        UUID dev = envId(project, "dev");
        stored(s -> {
            s.insert("end_users", Map.of("id", UUID.randomUUID(), "env_id", dev, "key_id", "u1", "name", "U",
                    "created_at", java.time.Instant.now(), "updated_at", java.time.Instant.now()));
            return null;
        });
        org.delete("projects/" + id).ok();
        assertThat(org.get("projects/" + id).status()).isEqualTo(404);
        assertThat(count("environments", "project_id", UUID.fromString(id))).isZero();
        assertThat(count("end_users", "env_id", dev)).isZero();
    }

    @Test
    void environmentLifecycleAndSecretRegeneration() {
        ApiClient org = newOrganization();
        JsonNode project = newProject(org);
        String p = project.path("id").asString();
        JsonNode env = org.post("projects/" + p + "/envs", Map.of("name", "Staging", "key", "staging", "description", "pre-prod",
                "settings", Map.of("requireChangeComment", true))).ok().data();
        String e = env.path("id").asString();
        assertThat(env.path("settings").path("requireChangeComment").asBoolean()).isTrue();
        assertThat(org.get("projects/" + p + "/envs/is-key-used?key=staging").ok().data().asBoolean()).isTrue();
        assertThat(org.post("projects/" + p + "/envs", Map.of("name", "Again", "key", "staging")).status()).isEqualTo(422);
        JsonNode updated = org.put("projects/" + p + "/envs/" + e, Map.of("name", "Stage", "description", "d")).ok().data();
        assertThat(updated.path("name").asString()).isEqualTo("Stage");
        assertThat(updated.path("settings").path("requireChangeComment").asBoolean()).isTrue();

        String oldServer = null;
        for (JsonNode s : env.path("secrets")) {
            if (s.path("type").asString().equals("server")) {
                oldServer = s.path("id").asString();
            }
        }
        JsonNode added = org.post("envs/" + e + "/secrets", Map.of("name", "Server Key 2", "type", "server")).ok().data();
        assertThat(added.path("value").asString()).hasSize(44);
        org.delete("envs/" + e + "/secrets/" + oldServer).ok();
        org.put("envs/" + e + "/secrets/" + added.path("id").asString(), Map.of("name", "Main server key")).ok();
        JsonNode secrets = org.get("projects/" + p + "/envs/" + e).ok().data().path("secrets");
        assertThat(secrets.findValuesAsString("name")).containsExactlyInAnyOrder("Client Key", "Main server key");
        assertThat(org.delete("envs/" + e + "/secrets/no-such-secret").status()).isEqualTo(404);

        org.delete("projects/" + p + "/envs/" + e).ok();
        assertThat(org.get("projects/" + p + "/envs/" + e).status()).isEqualTo(404);
    }

    @Test
    void resourcesOfAnotherOrganizationAreNotFound() {
        ApiClient mine = newOrganization();
        ApiClient theirs = newOrganization();
        JsonNode project = newProject(theirs);
        String p = project.path("id").asString();
        UUID dev = envId(project, "dev");
        assertThat(mine.get("projects/" + p).status()).isEqualTo(404);
        assertThat(mine.put("projects/" + p, Map.of("name", "x")).status()).isEqualTo(404);
        assertThat(mine.delete("projects/" + p).status()).isEqualTo(404);
        assertThat(mine.get("projects/" + p + "/envs/" + dev).status()).isEqualTo(404);
        assertThat(mine.post("envs/" + dev + "/secrets", Map.of("name", "n", "type", "server")).status()).isEqualTo(404);
        // An environment addressed through a project it does not belong to.
        JsonNode other = newProject(theirs);
        assertThat(theirs.get("projects/" + other.path("id").asString() + "/envs/" + dev).status()).isEqualTo(404);
        assertThat(theirs.get("projects/" + p).ok().data().path("name").asString()).isEqualTo(project.path("name").asString());
    }

    @Test
    void organizationsTheUserDoesNotBelongToAreForbidden() {
        UUID foreignWorkspace = UUID.randomUUID();
        UUID foreignOrg = UUID.randomUUID();
        var now = java.time.Instant.now();
        stored(s -> {
            s.insert("workspaces", Map.of("id", foreignWorkspace, "name", "Other", "key", "ws-" + foreignWorkspace,
                    "created_at", now, "updated_at", now));
            s.insert("organizations", Map.of("id", foreignOrg, "workspace_id", foreignWorkspace, "name", "Other",
                    "key", "other", "default_permissions", new StoreFixture.Json("{\"policyIds\":[],\"groupIds\":[]}"),
                    "created_at", now, "updated_at", now));
            return null;
        });
        assertThat(api.withOrganization(foreignOrg).get("projects").status()).isEqualTo(403);
        assertThat(api.withHeader("Workspace", foreignWorkspace.toString()).get("organizations").status()).isEqualTo(403);
        assertThat(api.withOrganization(UUID.randomUUID()).get("projects").status()).isEqualTo(403);
        assertThat(api.withOrganization(foreignOrg).post("user/join-organization", Map.of()).status()).isEqualTo(403);
        // No organization at all: org-scoped endpoints are refused.
        assertThat(api.withHeader("Organization", null).get("projects").status()).isEqualTo(403);
    }

    @Test
    void organizationUpdateAndDelete() {
        ApiClient org = newOrganization();
        JsonNode updated = org.put("organizations", Map.of("name", "Renamed",
                "defaultPermissions", Map.of("policyIds", List.of("3e961f0f-6fd4-4cf4-910f-52d356f8cc08"), "groupIds", List.of()),
                "settings", Map.of("flagSortedBy", "key"))).ok().data();
        assertThat(updated.path("name").asString()).isEqualTo("Renamed");
        assertThat(updated.path("settings").path("flagSortedBy").asString()).isEqualTo("key");
        assertThat(org.put("organizations", Map.of("name", "x", "defaultPermissions", Map.of("policyIds", List.of(), "groupIds", List.of())))
                .status()).isEqualTo(400);
        assertThat(org.put("organizations", Map.of("name", "x", "defaultPermissions",
                Map.of("policyIds", List.of(UUID.randomUUID().toString()), "groupIds", List.of()))).status()).isEqualTo(400);
        newProject(org);
        org.delete("organizations").ok();
        assertThat(count("organizations", "id", org.organizationId())).isZero();
        assertThat(count("projects", "organization_id", org.organizationId())).isZero();
        assertThat(count("organization_users", "organization_id", org.organizationId())).isZero();
    }

    @Test
    void ssoSettingsAreStoredAndTheSecretIsHiddenFromWorkspaceLists() {
        var oidc = Map.of("clientId", "c", "clientSecret", "very-secret", "tokenEndpoint", "https://idp.example/token",
                "clientAuthenticationMethod", "client_secret_post", "authorizationEndpoint", "https://idp.example/auth",
                "scope", "openid email", "userEmailClaim", "email");
        JsonNode ws = api.put("workspaces/sso-oidc", oidc).ok().data();
        assertThat(ws.path("sso").path("oidc").path("clientSecret").asString()).isEqualTo("very-secret");
        assertThat(api.get("user/workspaces").ok().data().path(0).path("sso").path("oidc").path("clientSecret").asString()).isEmpty();
        assertThat(api.put("workspaces/sso-oidc", Map.of("clientId", "c")).status()).isEqualTo(400);
        stored(s -> {
            s.setAll("workspaces", "sso", null);
            return null;
        });
    }

    @Test
    void workspaceIsReadableAndRenamable() {
        JsonNode ws = api.get("workspaces").ok().data();
        assertThat(ws.path("key").asString()).isEqualTo("default-workspace");
        assertThat(api.get("workspaces/is-key-used?key=default-workspace").ok().data().asBoolean()).isFalse();
        assertThat(api.get("workspaces/license-quota").ok().data().path("auto-agents").path("quota").asInt()).isEqualTo(9);
    }

    @Test
    void concurrentCreatesOfTheSameKeyLeaveOneProject() throws Exception {
        ApiClient org = newOrganization();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var calls = new java.util.ArrayList<java.util.concurrent.Future<ApiClient.Response>>();
            for (int i = 0; i < 6; i++) {
                calls.add(pool.submit(() -> org.post("projects", Map.of("name", "Race", "key", "race"))));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var call : calls) {
                statuses.add(call.get().status());
            }
            assertThat(statuses).containsOnly(200, 422);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        // The organization is new: its only project is the one that won.
        assertThat(count("projects", "organization_id", org.organizationId())).isEqualTo(1);
    }
}
