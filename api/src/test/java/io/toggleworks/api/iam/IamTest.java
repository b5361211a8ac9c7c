package io.toggleworks.api.iam;

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
class IamTest extends ApiTestBase {
    static final String DEVELOPER = "66f3687f-939d-4257-bd3f-c3553d39e1b6";
    static final String OWNER = "98881f6a-5c6c-4277-bcf7-fda94c538785";

    @Test
    void builtInPoliciesAreListedAndProtected() {
        ApiClient org = newOrganization();
        JsonNode list = org.get("policies?pageSize=100").ok().data();
        assertThat(list.path("items").valueStream().map(p -> p.path("key").asString()).toList())
                .contains("owner", "administrator", "developer");
        assertThat(org.put("policies/" + OWNER + "/settings", Map.of("name", "x")).status()).isEqualTo(422);
        assertThat(org.put("policies/" + OWNER + "/statements", List.of()).error()).isEqualTo("CannotModifySysManagedPolicy");
        assertThat(org.delete("policies/" + DEVELOPER).status()).isEqualTo(422);
        assertThat(list.path("items").valueStream().filter(p -> "SysManaged".equals(p.path("type").asString())).count()).isEqualTo(3);
    }

    @Test
    void customPolicyLifecycle() {
        ApiClient org = newOrganization();
        JsonNode p = org.post("policies", Map.of("name", "Readers", "key", "readers", "description", "read only")).ok().data();
        String id = p.path("id").asString();
        assertThat(p.path("type").asString()).isEqualTo("CustomerManaged");
        assertThat(org.get("policies/is-key-used?key=readers").ok().data().asBoolean()).isTrue();
        assertThat(org.post("policies", Map.of("name", "Readers", "key", "readers")).status()).isEqualTo(422);
        var statement = Map.of("id", "s1", "resourceType", "env", "effect", "allow", "actions", List.of("CanAccessEnv"),
                "resources", List.of("project/*:env/*"));
        JsonNode updated = org.put("policies/" + id + "/statements", List.of(statement)).ok().data();
        assertThat(updated.path("statements").path(0).path("actions").path(0).asString()).isEqualTo("CanAccessEnv");
        assertThat(org.put("policies/" + id + "/statements", List.of(Map.of("resourceType", "env", "effect", "maybe",
                "actions", List.of("x"), "resources", List.of("*")))).status()).isEqualTo(400);
        org.put("policies/" + id + "/settings", Map.of("name", "Readers 2", "description", "d")).ok();
        JsonNode clone = org.post("policies/clone/developer", Map.of("originPolicyType", "SysManaged", "name", "Dev copy",
                "key", "dev-copy")).ok().data();
        assertThat(clone.path("statements").size()).isEqualTo(6);
        org.delete("policies/" + id).ok();
        assertThat(org.get("policies/" + id).status()).isEqualTo(404);
    }

    @Test
    void groupsMembersAndEffectivePermissions() {
        ApiClient org = newOrganization();
        JsonNode project = newProject(org);
        String email = "dev-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        // A developer: can read projects, cannot create them, cannot manage IAM.
        org.post("members/add", Map.of("email", email, "policyIds", List.of(DEVELOPER), "groupIds", List.of())).ok();
        JsonNode members = org.get("members?searchText=" + email).ok().data();
        assertThat(members.path("totalCount").asLong()).isEqualTo(1);
        JsonNode member = members.path("items").path(0);
        String memberId = member.path("id").asString();
        String initialPassword = member.path("initialPassword").asString();
        assertThat(initialPassword).hasSize(12);

        ApiClient dev = server.anonymous().login(email, initialPassword).withOrganization(org.organizationId());
        assertThat(dev.get("projects").ok().data()).hasSize(1);
        assertThat(dev.post("projects", Map.of("name", "Nope", "key", "nope")).status()).isEqualTo(403);
        assertThat(dev.get("members").status()).isEqualTo(403);
        assertThat(dev.delete("projects/" + project.path("id").asString()).status()).isEqualTo(403);
        assertThat(dev.get("user/policies").ok().data().path(0).path("key").asString()).isEqualTo("developer");
        // The developer sees only their own organization.
        assertThat(dev.get("organizations").ok().data()).hasSize(1);
        assertThat(dev.withOrganization(api.organizationId()).get("projects").status()).isEqualTo(403);

        // Through a group with the Administrator policy they may create projects.
        JsonNode group = org.post("groups", Map.of("name", "Admins", "description", "")).ok().data();
        String groupId = group.path("id").asString();
        assertThat(org.post("groups", Map.of("name", "admins")).status()).isEqualTo(422);
        org.put("groups/" + groupId + "/add-policy/3e961f0f-6fd4-4cf4-910f-52d356f8cc08", null).ok();
        org.put("groups/" + groupId + "/add-member/" + memberId, null).ok();
        assertThat(org.get("groups/" + groupId + "/members").ok().data().path("totalCount").asLong()).isEqualTo(1);
        assertThat(org.get("members/" + memberId + "/inherited-policies").ok().data().path("items").path(0).path("groupName").asString())
                .isEqualTo("Admins");
        assertThat(dev.post("projects", Map.of("name", "Yes", "key", "yes-" + UUID.randomUUID().toString().substring(0, 4))).status())
                .isEqualTo(200);
        org.put("groups/" + groupId + "/remove-member/" + memberId, null).ok();
        assertThat(dev.post("projects", Map.of("name", "No", "key", "no-more")).status()).isEqualTo(403);

        // Direct policies.
        org.put("members/" + memberId + "/add-policy/" + OWNER, null).ok();
        assertThat(dev.get("members").status()).isEqualTo(200);
        org.put("members/" + memberId + "/remove-policy/" + OWNER, null).ok();
        assertThat(org.get("members/" + memberId + "/direct-policies").ok().data().path("items").path(0).path("id").asString())
                .isEqualTo(DEVELOPER);

        // A custom deny statement wins over the Developer policy's allow.
        JsonNode deny = org.post("policies", Map.of("name", "No prod", "key", "no-prod")).ok().data();
        org.put("policies/" + deny.path("id").asString() + "/statements", List.of(Map.of("id", "d", "resourceType", "env",
                "effect", "deny", "actions", List.of("CanAccessEnv"), "resources", List.of("project/*:env/prod")))).ok();
        org.put("members/" + memberId + "/add-policy/" + deny.path("id").asString(), null).ok();
        JsonNode visible = dev.get("projects").ok().data().path(0).path("environments");
        assertThat(visible.valueStream().map(e -> e.path("key").asString()).toList()).containsExactly("dev");

        org.delete("groups/" + groupId).ok();
        org.delete("members/remove-from-org/" + memberId).ok();
        // Their last organization in their only workspace: the user is gone, and so is their session.
        assertThat(dev.get("projects").status()).isEqualTo(401);
        assertThat(stored("users", "Users", "id", "_id", memberId)).isZero();
        assertThat(stored("member_policies", "MemberPolicies", "member_id", "memberId", memberId)).isZero();
        assertThat(stored("group_members", "GroupMembers", "member_id", "memberId", memberId)).isZero();
        assertThat(stored("organization_users", "OrganizationUsers", "user_id", "userId", memberId)).isZero();
    }

    @Test
    void pickersMarkWhatIsLinkedAndLeavingTheWorkspaceRemovesTheUser() {
        ApiClient org = newOrganization();
        JsonNode project = newProject(org);
        String email = "pick-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        org.post("members/add", Map.of("email", email, "policyIds", List.of(DEVELOPER))).ok();
        String memberId = org.get("members?searchText=" + email.toUpperCase()).ok().data().path("items").path(0).path("id").asString();
        String groupId = org.post("groups", Map.of("name", "Pickers 100%", "description", "d")).ok().data().path("id").asString();
        org.post("groups", Map.of("name", "Other group")).ok();
        org.put("groups/" + groupId + "/add-member/" + memberId, null).ok();
        org.put("groups/" + groupId + "/add-member/" + memberId, null).ok();
        org.put("groups/" + groupId + "/add-policy/" + OWNER, null).ok();

        assertThat(org.get("groups?name=100%25").ok().data().path("totalCount").asLong()).isEqualTo(1);
        assertThat(org.get("groups?name=_").ok().data().path("totalCount").asLong()).isZero();
        assertThat(org.get("groups/is-name-used?name=pickers%20100%25").ok().data().asBoolean()).isTrue();
        JsonNode groupPolicies = org.get("groups/" + groupId + "/policies?getAllPolicies=true&pageSize=100").ok().data();
        assertThat(groupPolicies.path("items").valueStream().filter(p -> p.path("isGroupPolicy").asBoolean())
                .map(p -> p.path("id").asString()).toList()).containsExactly(OWNER);
        assertThat(org.get("groups/" + groupId + "/members").ok().data().path("totalCount").asLong()).isEqualTo(1);
        JsonNode policyGroups = org.get("policies/" + OWNER + "/groups?getAllGroups=true").ok().data();
        assertThat(policyGroups.path("totalCount").asLong()).isEqualTo(2);
        assertThat(policyGroups.path("items").valueStream().filter(g -> g.path("isPolicyGroup").asBoolean()).count()).isEqualTo(1);
        JsonNode policyMembers = org.get("policies/" + DEVELOPER + "/members").ok().data();
        assertThat(policyMembers.path("items").valueStream().map(m -> m.path("email").asString()).toList()).containsExactly(email);
        JsonNode memberGroups = org.get("members/" + memberId + "/groups").ok().data();
        assertThat(memberGroups.path("items").path(0).path("id").asString()).isEqualTo(groupId);
        assertThat(org.get("members/" + memberId).ok().data().path("groups").path(0).path("name").asString()).isEqualTo("Pickers 100%");
        assertThat(org.get("members/" + memberId + "/policies").ok().data().valueStream().map(p -> p.path("key").asString()).toList())
                .containsExactlyInAnyOrder("developer", "owner");
        assertThat(org.get("members?pageIndex=1&pageSize=1").ok().data().path("totalCount").asLong()).isEqualTo(2);

        JsonNode v2 = org.get("/api/v2/resources?spaceLevel=workspace&name=" + project.path("name").asString()).ok().data();
        assertThat(v2.valueStream().map(r -> r.path("type").asString()).toList()).containsExactly("project", "env", "env");
        JsonNode v1 = org.get("resources?type=project&name=" + project.path("key").asString().toUpperCase()).ok().data();
        assertThat(v1.path(1).path("rn").asString()).isEqualTo("project/" + project.path("key").asString());

        org.delete("members/remove-from-workspace/" + memberId).ok();
        assertThat(org.get("members/" + memberId).status()).isEqualTo(404);
        assertThat(stored("users", "Users", "id", "_id", memberId)).isZero();
        assertThat(org.get("groups/" + groupId + "/members").ok().data().path("totalCount").asLong()).isZero();
        org.delete("groups/" + groupId).ok();
        org.delete("groups/" + groupId).status();
        assertThat(stored("group_policies", "GroupPolicies", "group_id", "groupId", groupId)).isZero();
    }

    /** How many rows (PostgreSQL) or documents (MongoDB) hold this id in this column or field. */
    static long stored(String table, String collection, String column, String field, String id) {
        if (onMongo()) {
            try (var client = mongoClient()) {
                return client.getDatabase(mongoDatabaseName()).getCollection(collection)
                        .countDocuments(com.mongodb.client.model.Filters.eq(field, UUID.fromString(id)));
            }
        }
        return db().sql("select count(*) from " + table + " where " + column + " = :id").param("id", UUID.fromString(id))
                .query(Long.class).single();
    }

    @Test
    void resourcePickersListOwnOrganizationOnly() {
        ApiClient org = newOrganization();
        newProject(org);
        JsonNode envs = org.get("resources?type=env").ok().data();
        assertThat(envs.path(0).path("rn").asString()).isEqualTo("project/*:env/*");
        assertThat(envs.size()).isEqualTo(3);
        JsonNode v2 = org.get("/api/v2/resources?spaceLevel=organization&types=project&types=env").ok().data();
        assertThat(v2.path(0).path("rn").asString()).isEqualTo("*");
        assertThat(v2.size()).isEqualTo(4);
    }
}
