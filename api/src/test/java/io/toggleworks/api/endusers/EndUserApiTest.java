package io.toggleworks.api.endusers;

import io.toggleworks.api.flags.FlagFixtures;
import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.toggleworks.api.flags.FlagFixtures.FALSE_ID;
import static io.toggleworks.api.flags.FlagFixtures.TRUE_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs on both main databases; what was stored is checked through the API. */
@Tag("mongodb")
class EndUserApiTest extends ApiTestBase {

    static String users(UUID envId) {
        return "envs/" + envId + "/end-users";
    }

    static JsonNode upsert(ApiClient org, UUID envId, String keyId, String name, Map<String, String> props) {
        return org.put(users(envId), Map.of("keyId", keyId, "name", name, "customizedProperties",
                props.entrySet().stream().map(e -> Map.of("name", e.getKey(), "value", e.getValue())).toList())).ok().data();
    }

    /** The environment's property names, through the API. */
    static List<String> propertyNames(ApiClient org, UUID envId) {
        return org.get("envs/" + envId + "/end-user-properties").ok().data().valueStream().map(p -> p.path("name").asString()).toList();
    }

    /** A multipart/form-data body with one file part. */
    static ApiClient.Response upload(ApiClient org, String path, String filename, String contentType, String content) {
        String boundary = "----tw" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return org.raw("POST", path, body, "multipart/form-data; boundary=" + boundary);
    }

    @Test
    void upsertsGetsSearchesAndPagesEndUsers() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        JsonNode alice = upsert(org, envId, "alice", "Alice", Map.of("country", "FR"));
        String aliceId = alice.path("id").asString();
        assertThat(alice.path("envId").asString()).isEqualTo(envId.toString());
        assertThat(alice.path("workspaceId").isNull()).isTrue();
        JsonNode again = upsert(org, envId, "alice", "Alice", Map.of("country", "FR"));
        assertThat(again.path("updatedAt")).isEqualTo(alice.path("updatedAt")); // unchanged user: no write
        assertThat(upsert(org, envId, "alice", "Alice L", Map.of("country", "FR")).path("id").asString()).isEqualTo(aliceId);
        for (int i = 0; i < 5; i++) {
            upsert(org, envId, "user-" + i, "User " + i, Map.of());
        }
        assertThat(org.get(users(envId) + "/" + aliceId).ok().data().path("name").asString()).isEqualTo("Alice L");
        assertThat(propertyNames(org, envId)).containsOnlyOnce("country");

        JsonNode found = org.post(users(envId) + "/search", Map.of("searchText", "USER-", "excludedKeyIds", List.of("user-0"), "limit", 1)).ok().data();
        assertThat(found.size()).isEqualTo(4); // limit is clamped to at least 5
        assertThat(org.post(users(envId) + "/by-keyIds", List.of("alice", "user-1", "ghost")).ok().data().size()).isEqualTo(2);

        JsonNode first = org.post(users(envId) + "/list", Map.of("pageSize", 4)).ok().data();
        assertThat(first.path("items").size()).isEqualTo(4);
        assertThat(first.path("previousCursor").isNull()).isTrue();
        JsonNode second = org.post(users(envId) + "/list", Map.of("pageSize", 4, "cursor", first.path("nextCursor"))).ok().data();
        assertThat(second.path("items").size()).isEqualTo(2);
        assertThat(second.path("nextCursor").isNull()).isTrue();
        JsonNode back = org.post(users(envId) + "/list", Map.of("pageSize", 4, "cursor", second.path("previousCursor"))).ok().data();
        assertThat(back.path("items")).isEqualTo(first.path("items"));
        assertThat(org.post(users(envId) + "/list", Map.of("pageSize", 10, "searchText", "ali")).ok().data().path("items").size()).isEqualTo(1);
    }

    @Test
    void evaluatesTheEnvironmentsFlagsAndSegmentsForAUser() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        String userId = upsert(org, envId, "fr-user", "Fr", Map.of("country", "FR")).path("id").asString();
        String segmentId = org.post("envs/" + envId + "/segments", Map.of("name", "French", "key", "french")).ok().data().path("id").asString();
        org.put("envs/" + envId + "/segments/" + segmentId + "/targeting", Map.of("included", List.of(), "excluded", List.of(),
                "rules", List.of(Map.of("id", "r", "name", "r", "conditions", List.of(FlagFixtures.condition("c", "country", "Equal", "FR")))))).ok();
        String rev = FlagFixtures.create(org, envId, "by-segment").data().path("revision").asString();
        org.put("envs/" + envId + "/feature-flags/by-segment/targeting", FlagFixtures.targeting(rev, List.of(),
                List.of(FlagFixtures.rule("r1", "French users", List.of(FlagFixtures.condition("c1", "User is in segment", "",
                        "[\"" + segmentId + "\"]")), TRUE_ID)), FlagFixtures.fallthrough(FALSE_ID))).ok();
        org.put("envs/" + envId + "/feature-flags/by-segment/toggle/true", Map.of()).ok();
        FlagFixtures.create(org, envId, "off-flag");

        JsonNode evaluated = org.get(users(envId) + "/" + userId + "/flags?sortBy=key").ok().data();
        assertThat(evaluated.path("totalCount").asLong()).isEqualTo(2);
        JsonNode bySegment = evaluated.path("items").path(0);
        assertThat(bySegment.path("key").asString()).isEqualTo("by-segment");
        assertThat(bySegment.path("matchVariation").asString()).isEqualTo("true");
        assertThat(bySegment.path("matchReason").asString()).isEqualTo("French users");
        assertThat(evaluated.path("items").path(1).path("matchReason").asString()).isEqualTo("flag disabled");

        JsonNode segments = org.get(users(envId) + "/" + userId + "/segments").ok().data();
        assertThat(segments.size()).isEqualTo(1);
        assertThat(segments.path(0).path("id").asString()).isEqualTo(segmentId);
    }

    @Test
    void importsCsvAndJsonReportingRejectedRows() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        String csv = "keyId,name,country\r\nu1,One,FR\r\nu2,\"Two, Jr\",DE\r\n,NoKey,US\r\nu1,Dup,FR\r\nu3,Three\r\n";
        JsonNode report = upload(org, users(envId) + "/import", "users.csv", "text/csv", csv).ok().data();
        assertThat(report.path("acceptedCount").asInt()).isEqualTo(2);
        assertThat(report.path("rejectedCount").asInt()).isEqualTo(3);
        assertThat(report.path("rejected").valueStream().map(r -> r.path("row").asInt()).toList()).containsExactly(3, 4, 5);
        assertThat(report.path("rejected").path(0).path("reason").asString()).contains("keyId is required");
        JsonNode u2 = org.post(users(envId) + "/by-keyIds", List.of("u2")).ok().data();
        assertThat(u2.size()).isEqualTo(1);
        assertThat(u2.path(0).path("name").asString()).isEqualTo("Two, Jr");

        String json = "{\"users\":[{\"keyId\":\"j1\",\"name\":\"J\",\"customizedProperties\":[{\"name\":\"plan\",\"value\":\"pro\"}]},"
                + "{\"keyId\":\"j2\",\"customizedProperties\":[{\"name\":\"n\",\"value\":3}]}],\"userProperties\":[\"tier\"]}";
        JsonNode jsonReport = upload(org, users(envId) + "/import", "users.json", "application/json", json).ok().data();
        assertThat(jsonReport.path("acceptedCount").asInt()).isEqualTo(1);
        assertThat(jsonReport.path("rejected").path(0).path("reason").asString()).contains("string value");
        assertThat(propertyNames(org, envId).stream().filter(List.of("plan", "tier", "country")::contains).toList())
                .containsExactlyInAnyOrder("plan", "tier", "country");

        // FeatBit's upload answers true; a file that is not JSON is file_is_invalid (422).
        assertThat(upload(org, users(envId) + "/upload", "u.json", "application/json", "{\"users\":[{\"keyId\":\"k9\",\"name\":\"K\"}]}")
                .ok().data().asBoolean()).isTrue();
        ApiClient.Response bad = upload(org, users(envId) + "/upload", "u.json", "application/json", "{oops");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.error()).isEqualTo("file_is_invalid");

        JsonNode download = org.post(users(envId) + "/download", Map.of("searchText", "")).ok().data();
        assertThat(download.path("users").size()).isEqualTo(4);
        assertThat(download.path("userProperties").toString()).contains("keyId", "plan");
    }

    @Test
    void managesPropertiesButNotTheBuiltIns() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        String path = "envs/" + envId + "/end-user-properties";
        JsonNode list = org.get(path).ok().data();
        assertThat(list.valueStream().map(p -> p.path("name").asString()).toList()).contains("keyId", "name");
        String keyIdProperty = list.valueStream().filter(p -> p.path("name").asString().equals("keyId")).findFirst().orElseThrow()
                .path("id").asString();

        String id = UUID.randomUUID().toString();
        JsonNode created = org.put(path + "/" + id + "/upsert", Map.of("name", "plan", "presetValues",
                List.of(Map.of("id", "p1", "value", "pro", "description", "Pro")), "usePresetValuesOnly", true, "remark", "r")).ok().data();
        assertThat(created.path("usePresetValuesOnly").asBoolean()).isTrue();
        assertThat(created.path("presetValues").path(0).path("value").asString()).isEqualTo("pro");
        org.put(path + "/" + id + "/upsert", Map.of("name", "plan2")).ok();
        assertThat(org.put(path + "/" + UUID.randomUUID() + "/upsert", Map.of("name", "plan2")).error()).isEqualTo("NameHasBeenUsed");

        ApiClient.Response builtIn = org.put(path + "/" + keyIdProperty + "/upsert", Map.of("name", "renamed"));
        assertThat(builtIn.status()).isEqualTo(422);
        assertThat(builtIn.error()).isEqualTo("CannotModifyBuiltInProperty");
        assertThat(org.delete(path + "/" + keyIdProperty).error()).isEqualTo("CannotModifyBuiltInProperty");
        org.delete(path + "/" + id).ok();
        assertThat(org.delete(path + "/" + id).status()).isEqualTo(404);
    }
}
