package io.toggleworks.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.security.TestTokens;
import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import io.toggleworks.api.testing.RunningApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint of the tenancy, identity, IAM and access-token surface, fed malformed JSON, missing, oversized
 * and wrongly typed fields, unknown ids, ids of another organization, and bad credentials: each answers a 4xx in
 * FeatBit's envelope with the expected code, and the database is unchanged.
 */
class BadInputTest extends ApiTestBase {
    static final String LONG_NAME = "n".repeat(129);
    static final String HUGE = "x".repeat(1_000_000);

    static ApiClient org;
    static Map<String, String> ids;
    static UUID user;

    record Case(String who, String method, String path, String body, int status, String code) {
        @Override
        public String toString() {
            return who + " " + method + " " + path + " " + (body == null ? "" : body.length() > 60 ? body.substring(0, 60) + "..." : body)
                    + " -> " + status + " " + code;
        }
    }

    @BeforeAll
    static void arrange() {
        org = newOrganization();
        JsonNode project = newProject(org);
        ApiClient foreign = newOrganization();
        JsonNode foreignProject = newProject(foreign);
        UUID env = envId(project, "dev");
        String secret = project.path("environments").path(0).path("secrets").path(0).path("id").asString();
        String policy = org.post("policies", Map.of("name", "P", "key", "p")).ok().data().path("id").asString();
        String group = org.post("groups", Map.of("name", "G")).ok().data().path("id").asString();
        String token = org.post("access-tokens", Map.of("name", "t", "type", "Personal")).ok().data().path("id").asString();
        String foreignPolicy = foreign.post("policies", Map.of("name", "FP", "key", "fp")).ok().data().path("id").asString();
        String foreignGroup = foreign.post("groups", Map.of("name", "FG")).ok().data().path("id").asString();
        String foreignToken = foreign.post("access-tokens", Map.of("name", "ft", "type", "Personal")).ok().data().path("id").asString();
        String member = org.get("user/profile").ok().data().path("id").asString();
        user = UUID.fromString(member);
        ids = Map.ofEntries(Map.entry("{p}", project.path("id").asString()), Map.entry("{e}", env.toString()),
                Map.entry("{sec}", secret), Map.entry("{pol}", policy), Map.entry("{grp}", group), Map.entry("{tok}", token),
                Map.entry("{mem}", member), Map.entry("{fp}", foreignProject.path("id").asString()),
                Map.entry("{fe}", envId(foreignProject, "dev").toString()), Map.entry("{fpol}", foreignPolicy),
                Map.entry("{fgrp}", foreignGroup), Map.entry("{ftok}", foreignToken), Map.entry("{rnd}", UUID.randomUUID().toString()));
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // Malformed JSON on every endpoint with a body.
        List<String[]> bodies = List.of(
                new String[] {"POST", "projects"}, new String[] {"PUT", "projects/{p}"},
                new String[] {"POST", "projects/{p}/envs"}, new String[] {"PUT", "projects/{p}/envs/{e}"},
                new String[] {"POST", "envs/{e}/secrets"}, new String[] {"PUT", "envs/{e}/secrets/{sec}"},
                new String[] {"POST", "organizations"}, new String[] {"PUT", "organizations"},
                new String[] {"POST", "organizations/onboarding"}, new String[] {"POST", "policies"},
                new String[] {"PUT", "policies/{pol}/settings"}, new String[] {"PUT", "policies/{pol}/statements"},
                new String[] {"POST", "policies/clone/developer"}, new String[] {"POST", "groups"},
                new String[] {"PUT", "groups/{grp}"}, new String[] {"POST", "members/add"},
                new String[] {"POST", "access-tokens"}, new String[] {"PUT", "access-tokens/{tok}"},
                new String[] {"PUT", "workspaces"}, new String[] {"PUT", "user/profile"},
                new String[] {"PUT", "identity/reset-password"});
        for (String[] b : bodies) {
            c.add(new Case("org", b[0], b[1], "{bad", 400, "body_is_invalid"));
            c.add(new Case("org", b[0], b[1], "", 400, "body_is_invalid"));
            c.add(new Case("org", b[0], b[1], "{\"name\": \"x\",}", 400, "body_is_invalid"));
        }
        c.add(new Case("anon", "POST", "identity/login-by-email", "{bad", 400, "body_is_invalid"));
        // Missing fields.
        c.add(new Case("org", "POST", "projects", "{}", 400, "name_is_required"));
        c.add(new Case("org", "POST", "projects", "{\"name\":\"x\"}", 400, "key_is_required"));
        c.add(new Case("org", "PUT", "projects/{p}", "{}", 400, "name_is_required"));
        c.add(new Case("org", "POST", "projects/{p}/envs", "{}", 400, "name_is_required"));
        c.add(new Case("org", "PUT", "projects/{p}/envs/{e}", "{}", 400, "name_is_required"));
        c.add(new Case("org", "POST", "envs/{e}/secrets", "{}", 400, "name_is_required"));
        c.add(new Case("org", "POST", "envs/{e}/secrets", "{\"name\":\"k\",\"type\":\"admin\"}", 400, "type_is_invalid"));
        c.add(new Case("org", "PUT", "envs/{e}/secrets/{sec}", "{}", 400, "name_is_required"));
        c.add(new Case("org", "POST", "organizations", "{}", 400, "name_is_required"));
        c.add(new Case("org", "POST", "organizations/onboarding", "{}", 400, "organizationName_is_required"));
        c.add(new Case("org", "POST", "policies", "{}", 400, "name_is_required"));
        c.add(new Case("org", "PUT", "policies/{pol}/settings", "{}", 400, "name_is_required"));
        c.add(new Case("org", "PUT", "policies/{pol}/statements", "[{}]", 400, "resourceType_is_invalid"));
        c.add(new Case("org", "POST", "policies/clone/developer", "{\"name\":\"c\",\"key\":\"c\"}", 400, "originPolicyType_is_invalid"));
        c.add(new Case("org", "POST", "groups", "{}", 400, "name_is_required"));
        c.add(new Case("org", "POST", "members/add", "{}", 400, "email_is_required"));
        c.add(new Case("org", "POST", "access-tokens", "{}", 400, "name_is_required"));
        c.add(new Case("org", "POST", "access-tokens", "{\"name\":\"t2\",\"type\":\"Root\"}", 400, "type_is_invalid"));
        c.add(new Case("org", "PUT", "access-tokens/{tok}", "{}", 400, "name_is_required"));
        c.add(new Case("org", "PUT", "workspaces", "{}", 400, "name_is_required"));
        c.add(new Case("org", "PUT", "user/profile", "{}", 400, "name_is_required"));
        c.add(new Case("org", "PUT", "identity/reset-password", "{}", 400, "currentPassword_is_required"));
        c.add(new Case("anon", "POST", "identity/login-by-email", "{}", 400, "email_is_required"));
        c.add(new Case("anon", "POST", "identity/login-by-email", "{\"email\":\"not-an-email\",\"password\":\"x\"}", 400, "email_is_invalid"));
        // Oversized and badly formed values.
        c.add(new Case("org", "POST", "projects", "{\"name\":\"" + LONG_NAME + "\",\"key\":\"k1\"}", 400, "name_is_invalid"));
        c.add(new Case("org", "POST", "projects", "{\"name\":\"n\",\"key\":\"" + "k".repeat(129) + "\"}", 400, "key_is_invalid"));
        c.add(new Case("org", "POST", "projects", "{\"name\":\"n\",\"key\":\"bad key!\"}", 400, "key_is_invalid"));
        c.add(new Case("org", "POST", "projects", "{\"name\":\"" + HUGE + "\",\"key\":\"k1\"}", 400, "name_is_invalid"));
        c.add(new Case("org", "POST", "projects/{p}/envs", "{\"name\":\"n\",\"key\":\"k\",\"description\":\"" + "d".repeat(513) + "\"}", 400, "description_is_invalid"));
        c.add(new Case("org", "POST", "groups", "{\"name\":\"" + LONG_NAME + "\"}", 400, "name_is_invalid"));
        c.add(new Case("org", "POST", "policies", "{\"name\":\"n\",\"key\":\"k\",\"description\":\"" + "d".repeat(513) + "\"}", 400, "description_is_invalid"));
        c.add(new Case("org", "POST", "access-tokens", "{\"name\":\"" + LONG_NAME + "\",\"type\":\"Personal\"}", 400, "name_is_invalid"));
        c.add(new Case("org", "POST", "organizations", "{\"name\":\"n\",\"key\":\"bad key\"}", 400, "key_is_invalid"));
        c.add(new Case("org", "POST", "members/add", "{\"email\":\"" + "a".repeat(300) + "@example.com\"}", 400, "email_is_invalid"));
        c.add(new Case("org", "PUT", "identity/reset-password", "{\"currentPassword\":\"123456\",\"newPassword\":\"123\"}", 400, "PasswordTooShort"));
        c.add(new Case("org", "POST", "organizations/onboarding", "{\"organizationName\":\"o\",\"organizationKey\":\"o\",\"projectName\":\"p\","
                + "\"projectKey\":\"p\",\"environments\":[\"dev\",\"DEV\"]}", 400, "environments_is_invalid"));
        // Wrong types.
        c.add(new Case("org", "POST", "projects", "{\"name\":{\"a\":1},\"key\":\"k\"}", 400, "name_is_invalid"));
        c.add(new Case("org", "POST", "projects", "{\"name\":[\"x\"],\"key\":\"k\"}", 400, "name_is_invalid"));
        c.add(new Case("org", "POST", "projects", "{\"name\":123,\"key\":\"k\"}", 400, "name_is_invalid"));
        c.add(new Case("org", "POST", "projects", "[]", 400, "body_is_invalid"));
        c.add(new Case("org", "PUT", "policies/{pol}/statements", "{\"a\":1}", 400, "body_is_invalid"));
        c.add(new Case("org", "PUT", "policies/{pol}/statements", "[{\"resourceType\":\"env\",\"effect\":\"allow\",\"actions\":\"x\",\"resources\":[\"*\"]}]", 400, "actions_is_invalid"));
        c.add(new Case("org", "POST", "members/add", "{\"email\":\"a@b.co\",\"policyIds\":\"nope\"}", 400, "policyIds_is_invalid"));
        c.add(new Case("org", "POST", "members/add", "{\"email\":\"a@b.co\",\"policyIds\":[\"not-a-uuid\"]}", 400, "policyIds_is_invalid"));
        c.add(new Case("org", "POST", "members/add", "{\"email\":\"a@b.co\",\"policyIds\":[\"{rnd}\"]}", 400, "policyIds_is_invalid"));
        c.add(new Case("org", "POST", "members/add", "{\"email\":\"a@b.co\",\"groupIds\":[\"{rnd}\"]}", 400, "groupIds_is_invalid"));
        c.add(new Case("org", "PUT", "projects/{p}/envs/{e}", "{\"name\":\"n\",\"settings\":\"x\"}", 400, "settings_is_invalid"));
        c.add(new Case("org", "PUT", "projects/{p}/envs/{e}", "{\"name\":\"n\",\"settings\":{\"requireChangeComment\":\"yes\"}}", 400, "requireChangeComment_is_invalid"));
        c.add(new Case("org", "PUT", "organizations", "{\"name\":\"n\",\"defaultPermissions\":{\"policyIds\":[],\"groupIds\":[]}}", 400, "defaultPermissions_is_invalid"));
        c.add(new Case("org", "PUT", "organizations", "{\"name\":\"n\",\"settings\":{\"flagSortedBy\":\"random\"}}", 400, "settings_is_invalid"));
        // Query parameters.
        c.add(new Case("org", "GET", "policies?pageIndex=abc", null, 400, "pageIndex_is_invalid"));
        c.add(new Case("org", "GET", "policies?pageSize=-1", null, 400, "pageSize_is_invalid"));
        c.add(new Case("org", "GET", "members?pageSize=100000", null, 400, "pageSize_is_invalid"));
        c.add(new Case("org", "GET", "access-tokens?creatorId=nope", null, 400, "creatorId_is_invalid"));
        c.add(new Case("org", "GET", "projects/is-key-used", null, 400, "key_is_required"));
        // Unknown ids.
        for (String[] r : List.of(new String[] {"GET", "projects/{rnd}"}, new String[] {"DELETE", "projects/{rnd}"},
                new String[] {"GET", "projects/{p}/envs/{rnd}"}, new String[] {"DELETE", "projects/{p}/envs/{rnd}"},
                new String[] {"GET", "policies/{rnd}"}, new String[] {"DELETE", "policies/{rnd}"},
                new String[] {"GET", "groups/{rnd}"}, new String[] {"DELETE", "groups/{rnd}"},
                new String[] {"GET", "members/{rnd}"}, new String[] {"PUT", "members/{mem}/add-policy/{rnd}"},
                new String[] {"PUT", "groups/{grp}/add-member/{rnd}"}, new String[] {"PUT", "groups/{grp}/add-policy/{rnd}"},
                new String[] {"PUT", "access-tokens/{rnd}/toggle"}, new String[] {"DELETE", "access-tokens/{rnd}"},
                new String[] {"GET", "organizations/{rnd}"}, new String[] {"DELETE", "envs/{e}/secrets/nope"},
                new String[] {"GET", "policies/{rnd}/members"}, new String[] {"GET", "groups/{rnd}/policies"},
                new String[] {"GET", "members/{rnd}/policies"})) {
            c.add(new Case("org", r[0], r[1], null, 404, "ResourceNotFound"));
        }
        c.add(new Case("org", "PUT", "projects/{rnd}", "{\"name\":\"x\"}", 404, "ResourceNotFound"));
        c.add(new Case("org", "POST", "envs/{rnd}/secrets", "{\"name\":\"x\",\"type\":\"server\"}", 404, "ResourceNotFound"));
        c.add(new Case("org", "PUT", "envs/{e}/secrets/nope", "{\"name\":\"x\"}", 404, "ResourceNotFound"));
        c.add(new Case("org", "PUT", "groups/{rnd}", "{\"name\":\"x\"}", 404, "ResourceNotFound"));
        c.add(new Case("org", "PUT", "policies/{rnd}/settings", "{\"name\":\"x\"}", 404, "ResourceNotFound"));
        c.add(new Case("org", "POST", "policies/clone/nope", "{\"originPolicyType\":\"CustomerManaged\",\"name\":\"c\",\"key\":\"c\"}", 404, "ResourceNotFound"));
        // Ids that are not UUIDs: FeatBit's {id:guid} route constraint answers 404.
        for (String p : List.of("projects/abc", "projects/{p}/envs/abc", "policies/abc", "groups/abc", "members/abc",
                "organizations/abc", "projects/abc/envs/{e}")) {
            c.add(new Case("org", "GET", p, null, 404, "ResourceNotFound"));
        }
        c.add(new Case("org", "PUT", "access-tokens/abc/toggle", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "POST", "envs/abc/secrets", "{\"name\":\"x\",\"type\":\"server\"}", 404, "ResourceNotFound"));
        // Ids of another organization.
        c.add(new Case("org", "GET", "projects/{fp}", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "PUT", "projects/{fp}", "{\"name\":\"x\"}", 404, "ResourceNotFound"));
        c.add(new Case("org", "DELETE", "projects/{fp}", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "GET", "projects/{fp}/envs/{fe}", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "DELETE", "projects/{fp}/envs/{fe}", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "GET", "projects/{p}/envs/{fe}", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "POST", "projects/{fp}/envs", "{\"name\":\"x\",\"key\":\"x\"}", 404, "ResourceNotFound"));
        c.add(new Case("org", "POST", "envs/{fe}/secrets", "{\"name\":\"x\",\"type\":\"server\"}", 404, "ResourceNotFound"));
        c.add(new Case("org", "GET", "policies/{fpol}", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "DELETE", "policies/{fpol}", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "PUT", "policies/{fpol}/statements", "[]", 404, "ResourceNotFound"));
        c.add(new Case("org", "GET", "groups/{fgrp}", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "DELETE", "groups/{fgrp}", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "PUT", "groups/{grp}/add-policy/{fpol}", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "PUT", "members/{mem}/add-policy/{fpol}", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "POST", "members/add", "{\"email\":\"a@b.co\",\"policyIds\":[\"{fpol}\"]}", 400, "policyIds_is_invalid"));
        c.add(new Case("org", "PUT", "access-tokens/{ftok}/toggle", null, 404, "ResourceNotFound"));
        c.add(new Case("org", "DELETE", "access-tokens/{ftok}", null, 404, "ResourceNotFound"));
        // Credentials.
        for (String who : List.of("anon", "expired", "otherKey", "wrongAudience", "algNone", "garbageJwt", "emptyBearer",
                "garbageToken", "basic", "unknownUser")) {
            c.add(new Case(who, "GET", "projects", null, 401, "Unauthorized"));
            c.add(new Case(who, "POST", "projects", "{\"name\":\"x\",\"key\":\"x\"}", 401, "Unauthorized"));
            c.add(new Case(who, "DELETE", "organizations", null, 401, "Unauthorized"));
        }
        c.add(new Case("foreignOrgHeader", "GET", "projects", null, 403, "Forbidden"));
        c.add(new Case("foreignOrgHeader", "DELETE", "organizations", null, 403, "Forbidden"));
        c.add(new Case("foreignWorkspaceHeader", "GET", "organizations", null, 403, "Forbidden"));
        // Methods and media types.
        c.add(new Case("org", "PATCH", "projects", "{}", 405, "MethodNotAllowed"));
        c.add(new Case("org", "GET", "no/such/route", null, 404, "ResourceNotFound"));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyBadRequestIsA4xxWithACodeAndChangesNothing() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c)));
    }

    @TestFactory
    Stream<DynamicTest> wrongMediaTypeIs415() {
        return Stream.of(DynamicTest.dynamicTest("text/plain body", () -> {
            String before = snapshot();
            ApiClient.Response r = org.raw("POST", "projects", "name=x", "text/plain");
            assertThat(r.status()).isEqualTo(415);
            assertThat(r.success()).isFalse();
            assertThat(snapshot()).isEqualTo(before);
        }));
    }

    private void run(Case c) {
        String before = snapshot();
        String path = c.path();
        String body = c.body();
        for (var id : ids.entrySet()) {
            path = path.replace(id.getKey(), id.getValue());
            body = body == null ? null : body.replace(id.getKey(), id.getValue());
        }
        ApiClient.Response r = client(c.who()).raw(c.method(), path, body, null);
        assertThat(r.status()).as(r.toString()).isEqualTo(c.status());
        assertThat(r.success()).as(r.toString()).isFalse();
        assertThat(r.body().path("data").isNull()).as(r.toString()).isTrue();
        assertThat(r.body().path("errors").valueStream().map(JsonNode::asString).toList()).as(r.toString()).contains(c.code());
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("at io.");
        assertThat(snapshot()).as("database changed by " + c).isEqualTo(before);
    }

    private static ApiClient client(String who) {
        String wrongKey = "another-key-that-is-long-enough-0123456789";
        return switch (who) {
            case "org" -> org;
            case "anon" -> server.anonymous();
            case "expired" -> org.withAuthorization("Bearer " + TestTokens.expired(RunningApi.JWT_KEY, user));
            case "otherKey" -> org.withAuthorization("Bearer " + TestTokens.signedWith(wrongKey, user));
            case "wrongAudience" -> org.withAuthorization("Bearer " + TestTokens.wrongAudience(RunningApi.JWT_KEY, user));
            case "algNone" -> {
                String[] parts = TestTokens.signedWith(RunningApi.JWT_KEY, user).split("\\.");
                String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
                yield org.withAuthorization("Bearer " + header + "." + parts[1] + ".");
            }
            case "garbageJwt" -> org.withAuthorization("Bearer not.a.jwt");
            case "emptyBearer" -> org.withAuthorization("Bearer ");
            case "garbageToken" -> org.withAuthorization("api-thisisnotatokenthisisnotatokenthisisnot");
            case "basic" -> org.withAuthorization("Basic dXNlcjpwYXNz");
            case "unknownUser" -> org.withAuthorization("Bearer " + TestTokens.signedWith(RunningApi.JWT_KEY, UUID.randomUUID()));
            case "foreignOrgHeader" -> org.withOrganization(UUID.randomUUID());
            case "foreignWorkspaceHeader" -> org.withHeader("Workspace", UUID.randomUUID().toString());
            default -> throw new IllegalArgumentException(who);
        };
    }

    /** A digest of every table these endpoints write (last_used_at of tokens aside, which reads may touch). */
    private static String snapshot() {
        StringBuilder sql = new StringBuilder("select concat_ws(';'");
        for (String table : List.of("workspaces", "users", "workspace_users", "organizations", "organization_users", "projects",
                "environments", "policies", "groups", "group_members", "group_policies", "member_policies",
                "end_user_properties", "refresh_tokens")) {
            sql.append(", (select coalesce(md5(string_agg(t::text, ',' order by t::text)), '') from ").append(table).append(" t)");
        }
        sql.append(", (select coalesce(md5(string_agg(id || name || status || token || coalesce(permissions::text, ''), ',' "
                + "order by id)), '') from access_tokens))");
        return db().sql(sql.toString()).query(String.class).single();
    }
}
