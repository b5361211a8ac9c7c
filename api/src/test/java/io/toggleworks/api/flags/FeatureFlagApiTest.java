package io.toggleworks.api.flags;

import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.toggleworks.api.flags.FlagFixtures.FALSE_ID;
import static io.toggleworks.api.flags.FlagFixtures.TRUE_ID;
import static org.assertj.core.api.Assertions.assertThat;

@Tag("mongodb")
class FeatureFlagApiTest extends ApiTestBase {

    private static String flags(UUID envId) {
        return "envs/" + envId + "/feature-flags";
    }

    @Test
    void createsAFlagWithFeatBitsDefaultsAndGetsItByKey() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        JsonNode created = FlagFixtures.create(org, envId, "new-checkout").data();

        assertThat(created.path("key").asString()).isEqualTo("new-checkout");
        assertThat(created.path("envId").asString()).isEqualTo(envId.toString());
        assertThat(created.path("isEnabled").asBoolean()).isFalse();
        assertThat(created.path("targetUsers").size()).isZero();
        assertThat(created.path("rules").size()).isZero();
        assertThat(created.path("exptIncludeAllTargets").asBoolean()).isTrue();
        assertThat(created.path("fallthrough").toString())
                .isEqualTo("{\"dispatchKey\":null,\"includedInExpt\":true,\"variations\":[{\"id\":\"" + TRUE_ID
                        + "\",\"rollout\":[0,1],\"exptRollout\":1}]}");
        assertThat(created.path("updatedAt").asString()).endsWith("Z");

        JsonNode got = org.get(flags(envId) + "/new-checkout").ok().data();
        assertThat(got).isEqualTo(created);
        assertThat(org.get(flags(envId) + "/nope").status()).isEqualTo(404);
        assertThat(org.get(flags(envId) + "/is-key-used?key=NEW-checkout").ok().data().asBoolean()).isTrue();
        assertThat(org.get(flags(envId) + "/is-key-used?key=other").ok().data().asBoolean()).isFalse();

        ApiClient.Response dup = org.post(flags(envId), FlagFixtures.booleanFlag("NEW-CHECKOUT"));
        assertThat(dup.status()).isEqualTo(422);
        assertThat(dup.error()).isEqualTo("KeyHasBeenUsed");
        assertThat(operations(org, envId, created.path("id").asString())).containsExactly("Create");
        assertThat(revisions(created.path("id").asString())).hasSize(1);
    }

    @Test
    void listsWithSearchTagStatusArchiveFiltersPagingAndSorting() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        for (String key : List.of("b-flag", "a-flag", "c-other")) {
            FlagFixtures.create(org, envId, key);
        }
        org.put(flags(envId) + "/a-flag/tags", Map.of("tags", List.of("web", "beta"))).ok();
        org.put(flags(envId) + "/b-flag/tags", Map.of("tags", List.of("web"))).ok();
        org.put(flags(envId) + "/c-other/toggle/true", Map.of()).ok();
        org.put(flags(envId) + "/c-other/archive", Map.of("comment", "gone")).ok();

        JsonNode all = org.get(flags(envId)).ok().data();
        assertThat(all.path("totalCount").asLong()).isEqualTo(2);
        assertThat(keys(all)).containsExactly("a-flag", "b-flag");
        assertThat(keys(org.get(flags(envId) + "?sortBy=key").ok().data())).containsExactly("a-flag", "b-flag");
        assertThat(keys(org.get(flags(envId) + "?name=A-FL").ok().data())).containsExactly("a-flag");
        assertThat(keys(org.get(flags(envId) + "?tags=web&tags=beta").ok().data())).containsExactly("a-flag");
        assertThat(keys(org.get(flags(envId) + "?isArchived=true").ok().data())).containsExactly("c-other");
        assertThat(keys(org.get(flags(envId) + "?isEnabled=true").ok().data())).isEmpty();
        JsonNode page = org.get(flags(envId) + "?sortBy=key&pageIndex=1&pageSize=1").ok().data();
        assertThat(page.path("totalCount").asLong()).isEqualTo(2);
        assertThat(keys(page)).containsExactly("b-flag");

        JsonNode item = org.get(flags(envId) + "?name=a-flag").ok().data().path("items").path(0);
        assertThat(item.path("serves").path("enabledVariations").toString()).isEqualTo("[\"true\"]");
        assertThat(item.path("serves").path("disabledVariation").asString()).isEqualTo("false");
        assertThat(item.path("creator").path("email").asString()).isEqualTo("test@featbit.com");
        assertThat(item.path("lastChange").path("operator").path("email").asString()).isEqualTo("test@featbit.com");
        assertThat(org.get(flags(envId) + "/all-tags").ok().data().toString()).isEqualTo("[\"beta\",\"web\"]");
    }

    @Test
    void updatesSettingsWithRevisionsAndRefusesAStaleRevision() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        String rev0 = FlagFixtures.create(org, envId, "f").data().path("revision").asString();

        String rev1 = org.put(flags(envId) + "/f/toggle/true", Map.of("comment", "on")).ok().data().asString();
        assertThat(rev1).isNotEqualTo(rev0);
        assertThat(org.put(flags(envId) + "/f/toggle/true", Map.of()).ok().data().asString()).isEqualTo(rev1); // no-op
        String rev2 = org.put(flags(envId) + "/f/name", Map.of("name", "Renamed", "comment", "")).ok().data().asString();
        String rev3 = org.put(flags(envId) + "/f/description", Map.of("description", "why")).ok().data().asString();
        String rev4 = org.put(flags(envId) + "/f/off-variation", Map.of("revision", rev3, "offVariationId", TRUE_ID)).ok().data().asString();

        ApiClient.Response stale = org.put(flags(envId) + "/f/off-variation", Map.of("revision", rev3, "offVariationId", FALSE_ID));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.error()).isEqualTo("Conflict");

        List<Map<String, String>> variations = List.of(
                Map.of("id", TRUE_ID, "name", "Yes", "value", "true"),
                Map.of("id", FALSE_ID, "name", "No", "value", "false"));
        String rev5 = org.put(flags(envId) + "/f/variations", Map.of("revision", rev4, "variations", variations)).ok().data().asString();
        // Removing a variation the off switch still serves is refused.
        ApiClient.Response dangling = org.put(flags(envId) + "/f/variations",
                Map.of("revision", rev5, "variations", List.of(Map.of("id", FALSE_ID, "name", "No", "value", "false"))));
        assertThat(dangling.status()).isEqualTo(400);

        JsonNode f = org.get(flags(envId) + "/f").ok().data();
        assertThat(f.path("revision").asString()).isEqualTo(rev5);
        assertThat(f.path("isEnabled").asBoolean()).isTrue();
        assertThat(f.path("name").asString()).isEqualTo("Renamed");
        assertThat(f.path("description").asString()).isEqualTo("why");
        assertThat(f.path("disabledVariationId").asString()).isEqualTo(TRUE_ID);
        assertThat(f.path("variations").path(0).path("name").asString()).isEqualTo("Yes");
        assertThat(operations(org, envId, f.path("id").asString()).stream().filter("Update"::equals).count()).isEqualTo(5);
        assertThat(revisions(f.path("id").asString())).hasSize(6);
    }

    @Test
    void updatesTargetingWithRulesConditionsAndRollouts() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        String rev = FlagFixtures.create(org, envId, "t").data().path("revision").asString();
        var rule = FlagFixtures.rule("r1", "French", List.of(
                FlagFixtures.condition("c1", "country", "IsOneOf", "[\"FR\",\"BE\"]")), TRUE_ID);
        Map<String, Object> fallthrough = Map.of("dispatchKey", "keyId", "includedInExpt", true, "variations", List.of(
                FlagFixtures.rollout(TRUE_ID, 0, 0.25), FlagFixtures.rollout(FALSE_ID, 0.25, 1)));
        String newRev = org.put(flags(envId) + "/t/targeting", FlagFixtures.targeting(rev,
                List.of(Map.of("keyIds", List.of("u1", "u2"), "variationId", TRUE_ID)), List.of(rule), fallthrough)).ok().data().asString();

        JsonNode f = org.get(flags(envId) + "/t").ok().data();
        assertThat(f.path("revision").asString()).isEqualTo(newRev);
        assertThat(f.path("targetUsers").path(0).path("keyIds").toString()).isEqualTo("[\"u1\",\"u2\"]");
        assertThat(f.path("rules").path(0).path("conditions").path(0).path("value").asString()).isEqualTo("[\"FR\",\"BE\"]");
        assertThat(f.path("fallthrough").path("variations").path(0).path("rollout").toString()).isEqualTo("[0,0.25]");

        JsonNode log = org.get("envs/" + envId + "/audit-logs?refId=" + f.path("id").asString()).ok().data().path("items").path(0);
        assertThat(log.path("operation").asString()).isEqualTo("Update");
        assertThat(log.path("comment").asString()).isEqualTo("targeting change");
        List<String> kinds = log.path("instructions").valueStream().map(i -> i.path("kind").asString()).toList();
        assertThat(kinds).contains("AddTargetUsers", "SetRules", "UpdateDefaultRuleVariationOrRollouts", "UpdateDefaultRuleDispatchKey");

        // Stale revision -> 409; a rollout naming an unknown variation -> 400 rules_is_invalid.
        assertThat(org.put(flags(envId) + "/t/targeting", FlagFixtures.targeting(rev, List.of(), List.of(),
                FlagFixtures.fallthrough(TRUE_ID))).status()).isEqualTo(409);
        ApiClient.Response bad = org.put(flags(envId) + "/t/targeting", FlagFixtures.targeting(newRev, List.of(),
                List.of(FlagFixtures.rule("r1", "x", List.of(), "nope")), FlagFixtures.fallthrough(TRUE_ID)));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).isEqualTo("rules_is_invalid");
    }

    @Test
    void archivesRestoresAndDeletesOnlyArchivedFlags() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        String id = FlagFixtures.create(org, envId, "old").data().path("id").asString();
        ApiClient.Response refused = org.delete(flags(envId) + "/old");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.error()).isEqualTo("CannotDeleteUnarchivedFeatureFlag");
        org.put(flags(envId) + "/old/archive", Map.of()).ok();
        org.put(flags(envId) + "/old/archive", Map.of()).ok(); // idempotent
        assertThat(org.get(flags(envId) + "/old").ok().data().path("isArchived").asBoolean()).isTrue();
        org.put(flags(envId) + "/old/restore", Map.of()).ok();
        assertThat(org.get(flags(envId) + "/old").ok().data().path("isArchived").asBoolean()).isFalse();
        org.put(flags(envId) + "/old/archive", Map.of("comment", "bye")).ok();
        org.delete(flags(envId) + "/old").ok();
        assertThat(org.get(flags(envId) + "/old").status()).isEqualTo(404);
        assertThat(operations(org, envId, id)).containsExactly("Create", "Archive", "Restore", "Archive", "Remove");
    }

    @Test
    void patchesTheDocumentAndReportsPatchErrorsInTheEnvelope() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        FlagFixtures.create(org, envId, "p");
        org.patch(flags(envId) + "/p", List.of(
                Map.of("op", "replace", "path", "/name", "value", "Patched"),
                Map.of("op", "replace", "path", "/isEnabled", "value", true),
                Map.of("op", "add", "path", "/targetUsers/-", "value", Map.of("keyIds", List.of("u9"), "variationId", TRUE_ID)))).ok();
        JsonNode f = org.get(flags(envId) + "/p").ok().data();
        assertThat(f.path("name").asString()).isEqualTo("Patched");
        assertThat(f.path("isEnabled").asBoolean()).isTrue();
        assertThat(f.path("targetUsers").path(0).path("keyIds").path(0).asString()).isEqualTo("u9");

        ApiClient.Response failed = org.patch(flags(envId) + "/p", List.of(Map.of("op", "remove", "path", "/nothing")));
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.success()).isFalse();
        assertThat(failed.error()).contains("/nothing");
        ApiClient.Response key = org.patch(flags(envId) + "/p", List.of(Map.of("op", "replace", "path", "/key", "value", "other")));
        assertThat(key.status()).isEqualTo(400);
        assertThat(key.error()).isEqualTo("key_is_invalid");
        assertThat(org.get(flags(envId) + "/p").ok().data().path("revision")).isEqualTo(f.path("revision"));
    }

    @Test
    void clonesAndCopiesFlagsToAnotherEnvironment() {
        ApiClient org = newOrganization();
        JsonNode project = newProject(org);
        UUID dev = envId(project, "dev");
        UUID prod = envId(project, "prod");
        String rev = FlagFixtures.create(org, dev, "src").data().path("revision").asString();
        org.put(flags(dev) + "/src/targeting", FlagFixtures.targeting(rev,
                List.of(Map.of("keyIds", List.of("u1"), "variationId", TRUE_ID)),
                List.of(FlagFixtures.rule("r1", "Plan", List.of(FlagFixtures.condition("c1", "plan", "Equal", "pro")), TRUE_ID)),
                FlagFixtures.fallthrough(FALSE_ID))).ok();
        org.post(flags(dev) + "/clone/src", Map.of("name", "Clone", "key", "cloned", "description", "", "tags", List.of("x"))).ok();
        JsonNode clone = org.get(flags(dev) + "/cloned").ok().data();
        assertThat(clone.path("rules").size()).isEqualTo(1);
        assertThat(clone.path("tags").toString()).isEqualTo("[\"x\"]");

        String srcId = org.get(flags(dev) + "/src").ok().data().path("id").asString();
        JsonNode check = org.post(flags(dev) + "/copy-to-env-precheck/" + prod, List.of(srcId)).ok().data().path(0);
        assertThat(check.path("keyCheck").asBoolean()).isTrue();
        assertThat(check.path("targetUserCheck").asBoolean()).isFalse();
        assertThat(check.path("targetRuleCheck").asBoolean()).isTrue();
        assertThat(check.path("newProperties").toString()).isEqualTo("[\"plan\"]");
        JsonNode copied = org.post(flags(dev) + "/copy-to-env/" + prod, Map.of("precheckResults", List.of(), "flagIds", List.of(srcId))).ok().data();
        assertThat(copied.path("copiedCount").asInt()).isEqualTo(1);
        JsonNode copy = org.get(flags(prod) + "/src").ok().data();
        assertThat(copy.path("targetUsers").size()).isZero();
        assertThat(copy.path("rules").size()).isEqualTo(1);
        JsonNode copyLog = org.get("envs/" + prod + "/audit-logs?refId=" + copy.path("id").asString()).ok().data();
        assertThat(copyLog.path("totalCount").asLong()).isEqualTo(1);
        assertThat(copyLog.path("items").path(0).path("comment").asString()).startsWith("Copied from \"");
        assertThat(revisions(copy.path("id").asString())).hasSize(1);
        assertThat(org.get("envs/" + prod + "/end-user-properties").ok().data().valueStream()
                .filter(p -> p.path("name").asString().equals("plan")).count()).isEqualTo(1);
        // Copying again: the key is taken now.
        assertThat(org.post(flags(dev) + "/copy-to-env/" + prod, Map.of("flagIds", List.of(srcId))).ok().data()
                .path("copiedCount").asInt()).isZero();
    }

    @Test
    void concurrentCreatesOfOneKeyStoreOneFlag() throws Exception {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        List<java.util.concurrent.Callable<ApiClient.Response>> creates = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String key = i % 2 == 0 ? "race" : "RACE";
            creates.add(() -> org.post(flags(envId), FlagFixtures.booleanFlag(key)));
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var f : pool.invokeAll(creates)) {
                statuses.add(f.get().status());
            }
            assertThat(statuses).allMatch(s -> s == 200 || s == 409 || s == 422);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        }
        assertThat(org.get(flags(envId)).ok().data().path("totalCount").asLong()).isEqualTo(1);
        assertThat(org.get("envs/" + envId + "/audit-logs").ok().data().path("totalCount").asLong()).isEqualTo(1);
        if (!onMongo()) {
            // PostgreSQL arbitrates races the key check cannot see (V100); MongoDB stores check under a name lock.
            assertThat(db().sql("select count(*) from pg_indexes where indexname = 'ux_feature_flags_env_id_lower_key'")
                    .query(Long.class).single()).isEqualTo(1);
        }
    }

    /** The audit-log operations on {@code refId}, oldest first (the API lists newest first). */
    private static List<String> operations(ApiClient org, UUID envId, String refId) {
        List<String> ops = new ArrayList<>(org.get("envs/" + envId + "/audit-logs?pageSize=100&refId=" + refId).ok().data()
                .path("items").valueStream().map(i -> i.path("operation").asString()).toList());
        Collections.reverse(ops);
        return ops;
    }

    /** The flag's revision snapshots, through the running API's store (no endpoint lists them). */
    private static List<FlagStore.Revision> revisions(String flagId) {
        return server.context().getBean(FlagStore.class).revisions(UUID.fromString(flagId));
    }

    private static List<String> keys(JsonNode page) {
        return page.path("items").valueStream().map(i -> i.path("key").asString()).toList();
    }
}
