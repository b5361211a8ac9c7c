package io.toggleworks.api.flags;

import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import io.toggleworks.api.testing.RunningApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input to every flag, segment, end-user and audit-log endpoint: malformed JSON, missing, oversized and
 * wrongly typed fields, unknown ids, ids of another organization or environment, expired or forged credentials.
 * Each gets its 4xx with FeatBit's error code (JSON Patch failures: 200 with success=false, as FeatBit), and the
 * database is unchanged, compared by a checksum of every table these endpoints write.
 */
@Tag("mongodb")
class FlagsSegmentsEndUsersBadInputTest extends ApiTestBase {
    private static final List<String> TABLES = List.of("feature_flags", "flag_revisions", "segments", "end_users",
            "end_user_properties", "audit_logs", "events");
    /** The same data on MongoDB (FeatBit's collections). */
    private static final List<String> COLLECTIONS = List.of("FeatureFlags", "FlagRevisions", "Segments", "EndUsers",
            "EndUserProperties", "AuditLogs", "Events");

    static ApiClient org;
    static UUID dev;
    static UUID prod;
    static UUID otherOrgEnv;
    static String segmentId;
    static String otherOrgSegmentId;
    static String userId;
    static String builtInPropertyId;
    static String revision;

    record Case(String name, Function<ApiClient, ApiClient> as, String method, String path, Object body, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void arrange() {
        org = newOrganization();
        JsonNode project = newProject(org);
        dev = envId(project, "dev");
        prod = envId(project, "prod");
        revision = FlagFixtures.create(org, dev, "f").data().path("revision").asString();
        segmentId = org.post("envs/" + dev + "/segments", Map.of("name", "S", "key", "s")).ok().data().path("id").asString();
        userId = org.put("envs/" + dev + "/end-users", Map.of("keyId", "u1", "name", "U")).ok().data().path("id").asString();
        builtInPropertyId = org.get("envs/" + dev + "/end-user-properties").ok().data().valueStream()
                .filter(p -> p.path("isBuiltIn").asBoolean()).findFirst().orElseThrow().path("id").asString();
        ApiClient other = newOrganization();
        otherOrgEnv = envId(newProject(other), "dev");
        FlagFixtures.create(other, otherOrgEnv, "theirs");
        otherOrgSegmentId = other.post("envs/" + otherOrgEnv + "/segments", Map.of("name", "T", "key", "t")).ok().data().path("id").asString();
    }

    static Stream<Case> cases() {
        String flags = "envs/" + dev() + "/feature-flags";
        String segs = "envs/" + dev() + "/segments";
        String users = "envs/" + dev() + "/end-users";
        String props = "envs/" + dev() + "/end-user-properties";
        String audit = "envs/" + dev() + "/audit-logs";
        String long129 = "x".repeat(129);
        Function<ApiClient, ApiClient> self = c -> c;
        List<Case> c = new ArrayList<>();
        // flags: bodies
        c.add(new Case("flag create malformed JSON", self, "POST", flags, raw("{bad"), 400, "*_is_invalid"));
        c.add(new Case("flag create empty body", self, "POST", flags, raw(""), 400, "*_is_invalid"));
        c.add(new Case("flag create missing name", self, "POST", flags, flag(b -> b.remove("name")), 400, "name_is_required"));
        c.add(new Case("flag create oversized name", self, "POST", flags, flag(b -> b.put("name", long129)), 400, "name_is_invalid"));
        c.add(new Case("flag create bad key", self, "POST", flags, flag(b -> b.put("key", "bad key!")), 400, "key_is_invalid"));
        c.add(new Case("flag create oversized key", self, "POST", flags, flag(b -> b.put("key", long129)), 400, "key_is_invalid"));
        c.add(new Case("flag create unknown variation type", self, "POST", flags, flag(b -> b.put("variationType", "float")), 400, "variationType_is_invalid"));
        c.add(new Case("flag create no variations", self, "POST", flags, flag(b -> b.remove("variations")), 400, "variations_is_required"));
        c.add(new Case("flag create boolean variation 'maybe'", self, "POST", flags, flag(b -> b.put("variations",
                List.of(Map.of("id", FlagFixtures.TRUE_ID, "name", "T", "value", "maybe")))), 400, "variations_is_invalid"));
        c.add(new Case("flag create unknown enabled variation", self, "POST", flags, flag(b -> b.put("enabledVariationId", "nope")), 400, "enabledVariationId_is_invalid"));
        c.add(new Case("flag create isEnabled of wrong type", self, "POST", flags, flag(b -> b.put("isEnabled", "yes")), 400, "isEnabled_is_invalid"));
        c.add(new Case("flag create variations of wrong type", self, "POST", flags, flag(b -> b.put("variations", "all")), 400, "variations_is_invalid"));
        c.add(new Case("flag create duplicate key", self, "POST", flags, flag(b -> b.put("key", "F")), 422, "KeyHasBeenUsed"));
        c.add(new Case("flag name missing", self, "PUT", flags + "/f/name", Map.of(), 400, "name_is_required"));
        c.add(new Case("flag name of wrong type", self, "PUT", flags + "/f/name", Map.of("name", Map.of()), 400, "name_is_invalid"));
        c.add(new Case("flag tags oversized", self, "PUT", flags + "/f/tags", Map.of("tags", List.of(long129)), 400, "tags_is_invalid"));
        c.add(new Case("flag off variation stale revision", self, "PUT", flags + "/f/off-variation",
                Map.of("revision", UUID.randomUUID().toString(), "offVariationId", FlagFixtures.TRUE_ID), 409, "Conflict"));
        c.add(new Case("flag off variation unknown", self, "PUT", flags + "/f/off-variation",
                Map.of("revision", revision(), "offVariationId", "nope"), 400, "offVariationId_is_invalid"));
        c.add(new Case("flag variations revision missing", self, "PUT", flags + "/f/variations",
                Map.of("variations", List.of()), 400, "revision_is_required"));
        c.add(new Case("flag targeting revision not a uuid", self, "PUT", flags + "/f/targeting",
                Map.of("revision", "abc", "targeting", Map.of()), 400, "revision_is_invalid"));
        c.add(new Case("flag targeting rollout outside 0..1", self, "PUT", flags + "/f/targeting",
                FlagFixtures.targeting(revision(), List.of(), List.of(), Map.of("variations",
                        List.of(FlagFixtures.rollout(FlagFixtures.TRUE_ID, 0.5, 2)))), 400, "fallthrough_is_invalid"));
        c.add(new Case("flag targeting segment of another organization", self, "PUT", flags + "/f/targeting",
                FlagFixtures.targeting(revision(), List.of(), List.of(FlagFixtures.rule("r", "r", List.of(FlagFixtures.condition("c",
                        "User is in segment", "", "[\"" + otherOrgSegmentId + "\"]")), FlagFixtures.TRUE_ID)),
                        FlagFixtures.fallthrough(FlagFixtures.TRUE_ID)), 400, "rules_is_invalid"));
        c.add(new Case("flag targeting with a null target", self, "PUT", flags + "/f/targeting",
                FlagFixtures.targeting(revision(), java.util.Arrays.asList((Object) null), List.of(),
                        FlagFixtures.fallthrough(FlagFixtures.TRUE_ID)), 400, "targetUsers_is_invalid"));
        c.add(new Case("flag targeting without fallthrough", self, "PUT", flags + "/f/targeting",
                Map.of("revision", revision(), "targeting", Map.of("rules", List.of())), 400, "fallthrough_is_required"));
        c.add(new Case("flag toggle to 'maybe'", self, "PUT", flags + "/f/toggle/maybe", Map.of(), 400, "status_is_invalid"));
        c.add(new Case("flag delete unarchived", self, "DELETE", flags + "/f", null, 422, "CannotDeleteUnarchivedFeatureFlag"));
        c.add(new Case("flag patch not an array", self, "PATCH", flags + "/f", Map.of("op", "replace"), 200, "*"));
        c.add(new Case("flag patch unknown op", self, "PATCH", flags + "/f", List.of(Map.of("op", "merge", "path", "/name")), 200, "*"));
        c.add(new Case("flag patch of the id", self, "PATCH", flags + "/f", List.of(Map.of("op", "replace", "path", "/id",
                "value", UUID.randomUUID().toString())), 400, "id_is_invalid"));
        c.add(new Case("flag patch to invalid targeting", self, "PATCH", flags + "/f", List.of(Map.of("op", "replace",
                "path", "/disabledVariationId", "value", "nope")), 400, "disabledVariationId_is_invalid"));
        c.add(new Case("flag clone to a used key", self, "POST", flags + "/clone/f", Map.of("name", "n", "key", "f"), 422, "KeyHasBeenUsed"));
        // flags: ids and query parameters
        c.add(new Case("flag unknown key", self, "GET", flags + "/nope", null, 404, "ResourceNotFound"));
        c.add(new Case("flag rename unknown key", self, "PUT", flags + "/nope/name", Map.of("name", "n"), 404, "ResourceNotFound"));
        c.add(new Case("flags of an unknown env", self, "GET", "envs/" + UUID.randomUUID() + "/feature-flags", null, 404, "ResourceNotFound"));
        c.add(new Case("flags of a non-uuid env", self, "GET", "envs/not-a-guid/feature-flags", null, 404, "ResourceNotFound"));
        c.add(new Case("flags of another organization's env", self, "GET", "envs/" + otherOrgEnv() + "/feature-flags", null, 404, "ResourceNotFound"));
        c.add(new Case("flag create in another organization's env", self, "POST", "envs/" + otherOrgEnv() + "/feature-flags",
                flag(b -> b.put("key", "intruder")), 404, "ResourceNotFound"));
        c.add(new Case("flag toggle in another organization's env", self, "PUT", "envs/" + otherOrgEnv() + "/feature-flags/theirs/toggle/true",
                Map.of(), 404, "ResourceNotFound"));
        c.add(new Case("flag copy to another organization's env", self, "POST", flags + "/copy-to-env/" + otherOrgEnv(),
                Map.of("flagIds", List.of()), 404, "ResourceNotFound"));
        c.add(new Case("flags negative page size", self, "GET", flags + "?pageSize=-1", null, 400, "pageSize_is_invalid"));
        c.add(new Case("flags unknown sort", self, "GET", flags + "?sortBy=drop", null, 400, "sortBy_is_invalid"));
        c.add(new Case("flags isEnabled not a boolean", self, "GET", flags + "?isEnabled=maybe", null, 400, "isEnabled_is_invalid"));
        // segments
        c.add(new Case("segment create missing key", self, "POST", segs, Map.of("name", "n"), 400, "key_is_required"));
        c.add(new Case("segment create unknown type", self, "POST", segs, Map.of("name", "n", "key", "k", "type", "global"), 400, "type_is_invalid"));
        c.add(new Case("segment create oversized description", self, "POST", segs, Map.of("name", "n", "key", "k",
                "description", "d".repeat(513)), 400, "description_is_invalid"));
        c.add(new Case("segment create duplicate key", self, "POST", segs, Map.of("name", "n", "key", "S"), 422, "KeyHasBeenUsed"));
        c.add(new Case("segment unknown id", self, "GET", segs + "/" + UUID.randomUUID(), null, 404, "ResourceNotFound"));
        c.add(new Case("segment of another organization", self, "GET", segs + "/" + otherOrgSegmentId(), null, 404, "ResourceNotFound"));
        c.add(new Case("segment rename of another organization", self, "PUT", segs + "/" + otherOrgSegmentId() + "/name",
                Map.of("name", "mine"), 404, "ResourceNotFound"));
        c.add(new Case("segment of another environment", self, "GET", "envs/" + prod() + "/segments/" + segmentId(), null, 404, "ResourceNotFound"));
        c.add(new Case("segment name oversized", self, "PUT", segs + "/" + segmentId() + "/name", Map.of("name", long129), 400, "name_is_invalid"));
        c.add(new Case("segment targeting blank key", self, "PUT", segs + "/" + segmentId() + "/targeting",
                Map.of("included", List.of(""), "excluded", List.of(), "rules", List.of()), 400, "included_is_invalid"));
        c.add(new Case("segment targeting of wrong type", self, "PUT", segs + "/" + segmentId() + "/targeting",
                Map.of("included", "u1"), 400, "included_is_invalid"));
        c.add(new Case("segment targeting with a null rule", self, "PUT", segs + "/" + segmentId() + "/targeting",
                Map.of("included", List.of(), "excluded", List.of(), "rules", java.util.Arrays.asList((Object) null)), 400, "rules_is_invalid"));
        c.add(new Case("segment delete unarchived", self, "DELETE", segs + "/" + segmentId(), null, 422, "CannotDeleteUnArchivedSegment"));
        c.add(new Case("segment patch of the key", self, "PATCH", segs + "/" + segmentId(), List.of(Map.of("op", "replace",
                "path", "/key", "value", "other")), 400, "key_is_invalid"));
        // end users and properties
        c.add(new Case("end user upsert missing keyId", self, "PUT", users, Map.of("name", "n"), 400, "keyId_is_required"));
        c.add(new Case("end user upsert oversized name", self, "PUT", users, Map.of("keyId", "k", "name", "n".repeat(257)), 400, "name_is_invalid"));
        c.add(new Case("end user upsert property value of wrong type", self, "PUT", users, Map.of("keyId", "k", "name", "n",
                "customizedProperties", "x"), 400, "customizedProperties_is_invalid"));
        c.add(new Case("end user unknown id", self, "GET", users + "/" + UUID.randomUUID(), null, 404, "ResourceNotFound"));
        c.add(new Case("end user of another environment", self, "GET", "envs/" + prod() + "/end-users/" + userId(), null, 404, "ResourceNotFound"));
        c.add(new Case("end users of another organization", self, "POST", "envs/" + otherOrgEnv() + "/end-users/list",
                Map.of("pageSize", 10), 404, "ResourceNotFound"));
        c.add(new Case("end user list page size 0", self, "POST", users + "/list", Map.of("pageSize", 0), 400, "pageSize_is_invalid"));
        c.add(new Case("end user import without keyId column", self, "POST", users + "/import",
                new Multipart("users.csv", "text/csv", "name\nx\n"), 422, "file_is_invalid"));
        c.add(new Case("end user upload not JSON", self, "POST", users + "/upload",
                new Multipart("users.json", "application/json", "{nope"), 422, "file_is_invalid"));
        c.add(new Case("end user upload without file", self, "POST", users + "/upload", raw("{}"), 400, "file_is_invalid"));
        c.add(new Case("built-in property modified", self, "PUT", props + "/" + builtInPropertyId() + "/upsert",
                Map.of("name", "renamed"), 422, "CannotModifyBuiltInProperty"));
        c.add(new Case("built-in property deleted", self, "DELETE", props + "/" + builtInPropertyId(), null, 422, "CannotModifyBuiltInProperty"));
        c.add(new Case("property named like a built-in", self, "PUT", props + "/" + UUID.randomUUID() + "/upsert",
                Map.of("name", "keyId"), 422, "CannotModifyBuiltInProperty"));
        c.add(new Case("property unknown id", self, "DELETE", props + "/" + UUID.randomUUID(), null, 404, "ResourceNotFound"));
        c.add(new Case("property missing name", self, "PUT", props + "/" + UUID.randomUUID() + "/upsert", Map.of(), 400, "name_is_required"));
        // audit logs
        c.add(new Case("audit logs unknown refType", self, "GET", audit + "?refType=Project", null, 400, "refType_is_invalid"));
        c.add(new Case("audit logs from not a number", self, "GET", audit + "?from=yesterday", null, 400, "from_is_invalid"));
        c.add(new Case("audit logs of another organization", self, "GET", "envs/" + otherOrgEnv() + "/audit-logs", null, 404, "ResourceNotFound"));
        // credentials
        c.add(new Case("no credentials", ApiClient::withoutAuth, "GET", flags, null, 401, "Unauthorized"));
        c.add(new Case("forged JWT", x -> x.withAuthorization("Bearer " + jwt(Instant.now().plusSeconds(300), "not-the-key-" + "x".repeat(40))),
                "POST", flags, flag(b -> b.put("key", "forged")), 401, "Unauthorized"));
        c.add(new Case("expired JWT", x -> x.withAuthorization("Bearer " + jwt(Instant.now().minusSeconds(60), RunningApi.JWT_KEY)),
                "PUT", flags + "/f/toggle/true", Map.of(), 401, "Unauthorized"));
        c.add(new Case("forged access token", x -> x.withAccessToken("api-" + "Z".repeat(40)), "DELETE", segs + "/" + segmentId(),
                null, 401, "Unauthorized"));
        c.add(new Case("organization the user is not a member of", x -> x.withOrganization(UUID.randomUUID()), "PUT",
                users, Map.of("keyId", "k", "name", "n"), 403, "Forbidden"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusesBadInputAndChangesNothing(Case c) {
        Map<String, String> before = checksums();
        ApiClient client = c.as().apply(org);
        ApiClient.Response r = switch (c.body()) {
            case Raw raw -> client.raw(c.method(), c.path(), raw.text(), "application/json");
            case Multipart m -> multipart(client, c.path(), m);
            case null -> client.raw(c.method(), c.path(), null, null);
            default -> switch (c.method()) {
                case "POST" -> client.post(c.path(), c.body());
                case "PUT" -> client.put(c.path(), c.body());
                case "PATCH" -> client.patch(c.path(), c.body());
                default -> throw new IllegalArgumentException(c.method());
            };
        };
        assertThat(r.status()).as(c.name() + ": " + r).isEqualTo(c.status());
        assertThat(r.success()).as(c.name() + ": " + r).isFalse();
        String code = r.error();
        if (c.code().equals("*_is_invalid")) {
            assertThat(code).as(c.name()).endsWith("_is_invalid");
        } else if (!c.code().equals("*")) {
            assertThat(code).as(c.name() + ": " + r).isEqualTo(c.code());
        } else {
            assertThat(code).as(c.name()).isNotBlank();
        }
        assertThat(checksums()).as(c.name() + " changed the database").isEqualTo(before);
    }

    private static Map<String, String> checksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        if (onMongo()) {
            // Every document of each collection, as canonical JSON, sorted; the Redis queue is not compared.
            try (var client = mongoClient()) {
                var db = client.getDatabase(mongoDatabaseName());
                for (String name : COLLECTIONS) {
                    List<String> docs = new ArrayList<>();
                    db.getCollection(name).find().forEach(d -> docs.add(d.toJson()));
                    java.util.Collections.sort(docs);
                    sums.put(name, docs.size() + ":" + String.join("|", docs).hashCode());
                }
            }
            return sums;
        }
        for (String table : TABLES) {
            sums.put(table, db().sql("select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from "
                    + table + " t").query(String.class).single());
        }
        sums.put("queue_messages", db().sql("select count(*) from queue_messages where status = 'Notified'").query(String.class).single());
        return sums;
    }

    // ---- helpers ----

    record Raw(String text) {
    }

    record Multipart(String filename, String contentType, String content) {
    }

    private static Raw raw(String text) {
        return new Raw(text);
    }

    private static Map<String, Object> flag(java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> body = new LinkedHashMap<>(FlagFixtures.booleanFlag("new-" + UUID.randomUUID().toString().substring(0, 8)));
        change.accept(body);
        return body;
    }

    private static ApiClient.Response multipart(ApiClient client, String path, Multipart m) {
        String boundary = "----tw" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + m.filename() + "\"\r\n"
                + "Content-Type: " + m.contentType() + "\r\n\r\n" + m.content() + "\r\n--" + boundary + "--\r\n";
        return client.raw("POST", path, body, "multipart/form-data; boundary=" + boundary);
    }

    /** An HS256 JWT of the seeded user's shape, signed with {@code key}, expiring at {@code exp}. */
    private static String jwt(Instant exp, String key) {
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String userId = api.get("user/profile").ok().data().path("id").asString();
            String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            long iat = exp.getEpochSecond() - 300;
            String payload = b64.encodeToString(("{\"id\":\"" + userId + "\",\"iss\":\"featbit\",\"aud\":\"featbit-api\",\"iat\":" + iat
                    + ",\"nbf\":" + iat + ",\"exp\":" + exp.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8)));
            return header + "." + payload + "." + signature;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID dev() {
        return dev;
    }

    private static UUID prod() {
        return prod;
    }

    private static UUID otherOrgEnv() {
        return otherOrgEnv;
    }

    private static String segmentId() {
        return segmentId;
    }

    private static String otherOrgSegmentId() {
        return otherOrgSegmentId;
    }

    private static String userId() {
        return userId;
    }

    private static String builtInPropertyId() {
        return builtInPropertyId;
    }

    private static String revision() {
        return revision;
    }
}
