package io.toggleworks.api.accesstokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@Tag("mongodb")
class AccessTokenTest extends ApiTestBase {
    static Map<String, Object> statement(String type, List<String> actions, List<String> resources) {
        return Map.of("id", UUID.randomUUID().toString(), "resourceType", type, "effect", "allow", "actions", actions,
                "resources", resources);
    }

    /** The token value as stored, in either database. */
    static String storedToken(UUID id) {
        if (onMongo()) {
            try (var client = mongoClient()) {
                return client.getDatabase(mongoDatabaseName()).getCollection("AccessTokens")
                        .find(com.mongodb.client.model.Filters.eq("_id", id)).first().getString("token");
            }
        }
        return db().sql("select token from access_tokens where id = :id").param("id", id).query(String.class).single();
    }

    static boolean lastUsed(UUID id) {
        if (onMongo()) {
            try (var client = mongoClient()) {
                return client.getDatabase(mongoDatabaseName()).getCollection("AccessTokens")
                        .find(com.mongodb.client.model.Filters.eq("_id", id)).first().get("lastUsedAt") != null;
            }
        }
        return db().sql("select last_used_at is not null from access_tokens where id = :id").param("id", id)
                .query(Boolean.class).single();
    }

    @Test
    void serviceTokenActsWithItsOwnPermissionsAndIsStoredHashed() {
        ApiClient org = newOrganization();
        newProject(org);
        JsonNode created = org.post("access-tokens", Map.of("name", "ci", "type", "Service", "permissions", List.of(
                statement("project", List.of("CanAccessProject"), List.of("project/*")),
                statement("env", List.of("CanAccessEnv"), List.of("project/*:env/dev"))))).ok().data();
        String token = created.path("token").asString();
        assertThat(token).startsWith("api-").hasSize(44);
        String stored = storedToken(UUID.fromString(created.path("id").asString()));
        assertThat(stored).startsWith("sha256$" + token.substring(0, 10) + "$").doesNotContain(token);

        ApiClient bot = server.anonymous().withAccessToken(token);
        JsonNode projects = bot.get("projects").ok().data();
        assertThat(projects.path(0).path("environments").valueStream().map(e -> e.path("key").asString()).toList())
                .containsExactly("dev");
        assertThat(bot.post("projects", Map.of("name", "x", "key", "x")).status()).isEqualTo(403);
        // Only FeatBit's [OpenApi] actions are reachable with a token.
        assertThat(bot.get("organizations").status()).isEqualTo(403);
        assertThat(bot.get("access-tokens").status()).isEqualTo(403);
        // Tenancy headers are taken from the token, whatever the caller sends.
        assertThat(bot.withHeader("Organization", api.organizationId().toString()).get("projects").ok().data()).hasSize(1);

        JsonNode listed = org.get("access-tokens").ok().data();
        assertThat(listed.path("items").path(0).path("token").asString()).startsWith(token.substring(0, 10)).endsWith("****");
        assertThat(listed.path("items").path(0).path("creator").path("email").asString()).isEqualTo("test@featbit.com");

        String id = created.path("id").asString();
        org.put("access-tokens/" + id + "/toggle", null).ok();
        assertThat(bot.get("projects").status()).isEqualTo(401);
        org.put("access-tokens/" + id + "/toggle", null).ok();
        assertThat(bot.get("projects").status()).isEqualTo(200);
        assertThat(lastUsed(UUID.fromString(id))).isTrue();
        org.delete("access-tokens/" + id).ok();
        assertThat(bot.get("projects").status()).isEqualTo(401);
        // A stored value is never accepted as a token.
        assertThat(server.anonymous().withAccessToken(stored).get("projects").status()).isEqualTo(401);
    }

    @Test
    void personalTokenActsAsItsCreator() {
        ApiClient org = newOrganization();
        JsonNode created = org.post("access-tokens", Map.of("name", "mine", "type", "Personal",
                "permissions", List.of(statement("*", List.of("*"), List.of("*"))))).ok().data();
        assertThat(created.path("permissions")).isEmpty();
        ApiClient me = server.anonymous().withAccessToken(created.path("token").asString());
        JsonNode project = me.post("projects", Map.of("name", "By token", "key", "by-token")).ok().data();
        assertThat(project.path("environments")).hasSize(2);
        assertThat(org.post("access-tokens", Map.of("name", "MINE", "type", "Personal")).status()).isEqualTo(422);
        assertThat(org.get("access-tokens/is-name-used?name=mine").ok().data().asBoolean()).isTrue();
    }

    @Test
    void plainTextTokensFromFeatBitStillWorkAndGetHashed() {
        ApiClient org = newOrganization();
        UUID userId = UUID.fromString(api.get("user/profile").ok().data().path("id").asString());
        UUID id = UUID.randomUUID();
        String plain = "api-" + UUID.randomUUID().toString().replace("-", "") + "abcdefgh";
        if (onMongo()) {
            try (var client = mongoClient()) {
                client.getDatabase(mongoDatabaseName()).getCollection("AccessTokens").insertOne(new org.bson.Document("_id", id)
                        .append("organizationId", org.organizationId()).append("name", "legacy").append("type", "Personal")
                        .append("status", "Active").append("token", plain).append("creatorId", userId).append("permissions", List.of())
                        .append("lastUsedAt", null).append("createdAt", new java.util.Date()).append("updatedAt", new java.util.Date()));
            }
        } else {
            db().sql("insert into access_tokens (id, organization_id, name, type, status, token, creator_id, permissions, created_at, updated_at) "
                            + "values (:id, :o, 'legacy', 'Personal', 'Active', :t, :u, '[]', now(), now())")
                    .param("id", id).param("o", org.organizationId()).param("t", plain).param("u", userId).update();
        }
        assertThat(server.anonymous().withAccessToken(plain).get("projects").status()).isEqualTo(200);
        assertThat(storedToken(id)).startsWith("sha256$");
        assertThat(server.anonymous().withAccessToken(plain).get("projects").status()).isEqualTo(200);
    }

    @Test
    void serviceTokensCannotGrantMoreThanTheirCreatorHolds() {
        ApiClient org = newOrganization();
        String email = "t-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        org.post("members/add", Map.of("email", email, "policyIds", List.of("66f3687f-939d-4257-bd3f-c3553d39e1b6"))).ok();
        String pw = org.get("members?searchText=" + email).ok().data().path("items").path(0).path("initialPassword").asString();
        ApiClient dev = server.anonymous().login(email, pw).withOrganization(org.organizationId());
        assertThat(dev.post("access-tokens", Map.of("name", "root", "type", "Service",
                "permissions", List.of(statement("*", List.of("*"), List.of("*"))))).status()).isEqualTo(403);
        assertThat(dev.post("access-tokens", Map.of("name", "iam", "type", "Service",
                "permissions", List.of(statement("iam", List.of("CanManageIAM"), List.of("iam/*"))))).status()).isEqualTo(403);
        dev.post("access-tokens", Map.of("name", "flags", "type", "Service",
                "permissions", List.of(statement("flag", List.of("*"), List.of("project/*:env/*:flag/*"))))).ok();
        assertThat(org.get("access-tokens").ok().data().path("totalCount").asLong()).isEqualTo(1);
    }
}
