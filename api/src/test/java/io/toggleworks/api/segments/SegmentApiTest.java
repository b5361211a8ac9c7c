package io.toggleworks.api.segments;

import io.toggleworks.api.flags.FlagFixtures;
import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.toggleworks.api.flags.FlagFixtures.TRUE_ID;
import static org.assertj.core.api.Assertions.assertThat;

@Tag("mongodb")
class SegmentApiTest extends ApiTestBase {

    static String segments(UUID envId) {
        return "envs/" + envId + "/segments";
    }

    static JsonNode createSegment(ApiClient org, UUID envId, String key) {
        return org.post(segments(envId), Map.of("type", "environment-specific", "name", "Seg " + key, "key", key,
                "description", "d", "scopes", List.of())).ok().data();
    }

    @Test
    void createsListsGetsAndUpdatesAnEnvironmentSegment() {
        ApiClient org = newOrganization();
        JsonNode project = newProject(org);
        UUID dev = envId(project, "dev");
        UUID prod = envId(project, "prod");
        JsonNode s = createSegment(org, dev, "beta-users");
        String id = s.path("id").asString();
        assertThat(s.path("isEnvironmentSpecific").asBoolean()).isTrue();
        assertThat(s.path("scopes").path(0).asString()).endsWith(":env/dev").startsWith("organization/");
        assertThat(org.post(segments(dev), Map.of("name", "x", "key", "BETA-users")).error()).isEqualTo("KeyHasBeenUsed");
        assertThat(org.get(segments(dev) + "/is-key-used?key=beta-users").ok().data().asBoolean()).isTrue();

        org.put(segments(dev) + "/" + id + "/name", Map.of("name", "Beta", "comment", "c")).ok();
        org.put(segments(dev) + "/" + id + "/description", Map.of("description", "testers")).ok();
        org.put(segments(dev) + "/" + id + "/tags", Map.of("tags", List.of("qa"))).ok();
        org.put(segments(dev) + "/" + id + "/targeting", Map.of("included", List.of("u1", "u2"), "excluded", List.of("u3"),
                "rules", List.of(Map.of("id", "r1", "name", "Rule", "conditions", List.of(
                        FlagFixtures.condition("c1", "plan", "Equal", "pro")))), "comment", "t")).ok();

        JsonNode got = org.get(segments(dev) + "/" + id).ok().data();
        assertThat(got.path("name").asString()).isEqualTo("Beta");
        assertThat(got.path("description").asString()).isEqualTo("testers");
        assertThat(got.path("included").toString()).isEqualTo("[\"u1\",\"u2\"]");
        assertThat(got.path("rules").path(0).path("conditions").path(0).path("property").asString()).isEqualTo("plan");
        assertThat(org.get(segments(dev)).ok().data().path("items").path(0).path("id").asString()).isEqualTo(id);
        assertThat(org.get(segments(dev) + "/all-tags").ok().data().toString()).isEqualTo("[\"qa\"]");
        assertThat(org.get(segments(dev) + "/by-ids?ids=" + id + "&ids=" + UUID.randomUUID()).ok().data().size()).isEqualTo(1);
        // Not visible in another environment: 404, and absent from its list.
        assertThat(org.get(segments(prod) + "/" + id).status()).isEqualTo(404);
        assertThat(org.get(segments(prod)).ok().data().path("totalCount").asLong()).isZero();

        JsonNode logs = org.get("envs/" + dev + "/audit-logs?refType=Segment&refId=" + id).ok().data();
        assertThat(logs.path("totalCount").asLong()).isEqualTo(5);
        List<String> kinds = logs.path("items").path(0).path("instructions").valueStream().map(i -> i.path("kind").asString()).toList();
        assertThat(kinds).contains("AddTargetUsersToIncluded", "AddTargetUsersToExcluded", "SetRules");

        // Segment conditions inside segment rules are refused.
        ApiClient.Response nested = org.put(segments(dev) + "/" + id + "/targeting", Map.of("included", List.of(), "excluded", List.of(),
                "rules", List.of(Map.of("id", "r1", "name", "R", "conditions", List.of(
                        FlagFixtures.condition("c1", "User is in segment", "", "[\"" + id + "\"]"))))));
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.error()).isEqualTo("rules_is_invalid");
    }

    @Test
    void archiveIsRefusedWhileAFlagUsesTheSegmentAndDeleteNeedsArchive() {
        ApiClient org = newOrganization();
        UUID dev = envId(newProject(org), "dev");
        String id = createSegment(org, dev, "s").path("id").asString();
        String rev = FlagFixtures.create(org, dev, "uses-segment").data().path("revision").asString();
        org.put("envs/" + dev + "/feature-flags/uses-segment/targeting", FlagFixtures.targeting(rev, List.of(),
                List.of(FlagFixtures.rule("r1", "In segment", List.of(FlagFixtures.condition("c1", "User is in segment", "",
                        "[\"" + id + "\"]")), TRUE_ID)), FlagFixtures.fallthrough(TRUE_ID))).ok();

        JsonNode refs = org.get(segments(dev) + "/" + id + "/flag-references").ok().data();
        assertThat(refs.path(0).path("key").asString()).isEqualTo("uses-segment");
        assertThat(refs.path(0).path("envId").asString()).isEqualTo(dev.toString());
        ApiClient.Response used = org.put(segments(dev) + "/" + id + "/archive", Map.of());
        assertThat(used.status()).isEqualTo(422);
        assertThat(used.error()).isEqualTo("SegmentIsBeingUsed");
        ApiClient.Response unarchived = org.delete(segments(dev) + "/" + id);
        assertThat(unarchived.status()).isEqualTo(422);
        assertThat(unarchived.error()).isEqualTo("CannotDeleteUnArchivedSegment");

        org.put("envs/" + dev + "/feature-flags/uses-segment/archive", Map.of()).ok();
        org.delete("envs/" + dev + "/feature-flags/uses-segment").ok();
        org.put(segments(dev) + "/" + id + "/archive", Map.of()).ok();
        assertThat(org.get(segments(dev) + "?isArchived=true").ok().data().path("totalCount").asLong()).isEqualTo(1);
        org.put(segments(dev) + "/" + id + "/restore", Map.of()).ok();
        org.put(segments(dev) + "/" + id + "/archive", Map.of()).ok();
        org.delete(segments(dev) + "/" + id).ok();
        assertThat(org.get(segments(dev) + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void sharedSegmentsAreVisibleInEveryEnvironmentOfTheirScopes() {
        ApiClient org = newOrganization();
        JsonNode project = newProject(org);
        UUID dev = envId(project, "dev");
        UUID prod = envId(project, "prod");
        String devScope = createSegment(org, dev, "probe").path("scopes").path(0).asString();
        String projectScope = devScope.substring(0, devScope.lastIndexOf(":env/"));
        JsonNode shared = org.post(segments(dev), Map.of("type", "shared", "name", "Shared", "key", "shared-one",
                "scopes", List.of(projectScope))).ok().data();
        String id = shared.path("id").asString();
        assertThat(shared.path("isEnvironmentSpecific").asBoolean()).isFalse();
        assertThat(org.get(segments(prod) + "/" + id).ok().data().path("envId").asString()).isEqualTo(prod.toString());

        // Wildcards, other organizations and scopes leaving out the current environment are refused.
        for (List<String> bad : List.<List<String>>of(List.of(projectScope + ":env/*"), List.of("organization/someone-else"), List.of())) {
            ApiClient.Response r = org.post(segments(dev), Map.of("type", "shared", "name", "S", "key", "s-" + bad.size(), "scopes", bad));
            assertThat(r.status()).as(bad.toString()).isEqualTo(400);
            assertThat(r.error()).isEqualTo("scopes_is_invalid");
        }

        // A targeting change of a shared segment is announced to each environment it covers.
        org.put(segments(dev) + "/" + id + "/targeting", Map.of("included", List.of("u1"), "excluded", List.of(), "rules", List.of())).ok();
        if (!onMongo()) {
            // The messages as the PostgreSQL queue holds them (the MongoDB run uses the Redis queue).
            List<String> envs = db().sql("""
                    select payload::jsonb->'segment'->>'envId' from queue_messages
                     where topic = 'featbit-segment-change' and payload::jsonb->'segment'->>'id' = :id
                       and payload::jsonb->'segment'->'included' @> '["u1"]'::jsonb""")
                    .param("id", id).query(String.class).list();
            assertThat(envs).containsExactlyInAnyOrder(dev.toString(), prod.toString());
        }
    }

    @Test
    void patchesASegment() {
        ApiClient org = newOrganization();
        UUID dev = envId(newProject(org), "dev");
        String id = createSegment(org, dev, "p").path("id").asString();
        org.patch(segments(dev) + "/" + id, List.of(Map.of("op", "replace", "path", "/name", "value", "Patched"),
                Map.of("op", "add", "path", "/included/-", "value", "u7"))).ok();
        JsonNode s = org.get(segments(dev) + "/" + id).ok().data();
        assertThat(s.path("name").asString()).isEqualTo("Patched");
        assertThat(s.path("included").toString()).isEqualTo("[\"u7\"]");
        assertThat(org.get("envs/" + dev + "/audit-logs?refId=" + id).ok().data().path("items").path(0).path("comment").asString())
                .isEqualTo("Updated via patch");
        ApiClient.Response failed = org.patch(segments(dev) + "/" + id, List.of(Map.of("op", "test", "path", "/name", "value", "x")));
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.success()).isFalse();
        assertThat(org.patch(segments(dev) + "/" + id, List.of(Map.of("op", "replace", "path", "/key", "value", "k"))).status())
                .isEqualTo(400);
    }
}
