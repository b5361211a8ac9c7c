package io.toggleworks.api.flags;

import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.toggleworks.api.flags.FlagFixtures.TRUE_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Permission checks with a service access token that may only read environments and change individual targeting
 * of flags: every other change is 403, including through JSON Patch, which FeatBit leaves unchecked.
 */
@Tag("mongodb")
class FlagPermissionTest extends ApiTestBase {

    @Test
    void aTokenLimitedToIndividualTargetingCanDoThatAndNothingElse() {
        ApiClient org = newOrganization();
        UUID dev = envId(newProject(org), "dev");
        String rev = FlagFixtures.create(org, dev, "guarded").data().path("revision").asString();
        String segmentId = org.post("envs/" + dev + "/segments", Map.of("name", "S", "key", "s")).ok().data().path("id").asString();
        String token = org.post("access-tokens", Map.of("name", "targeting-bot", "type", "Service", "permissions", List.of(
                Map.of("id", "1", "resourceType", "env", "effect", "allow", "actions", List.of("CanAccessEnv"),
                        "resources", List.of("project/*:env/*")),
                Map.of("id", "2", "resourceType", "flag", "effect", "allow", "actions", List.of("UpdateFlagIndividualTargeting"),
                        "resources", List.of("project/*:env/*:flag/*"))))).ok().data().path("token").asString();
        ApiClient bot = org.withAccessToken(token);
        String flags = "envs/" + dev + "/feature-flags";

        assertThat(bot.get(flags).ok().data().path("totalCount").asLong()).isEqualTo(1);
        String rev2 = bot.put(flags + "/guarded/targeting", FlagFixtures.targeting(rev,
                List.of(Map.of("keyIds", List.of("vip"), "variationId", TRUE_ID)), List.of(), FlagFixtures.fallthrough(TRUE_ID)))
                .ok().data().asString();

        long audits = org.get("envs/" + dev + "/audit-logs").ok().data().path("totalCount").asLong();
        List<ApiClient.Response> refused = List.of(
                bot.put(flags + "/guarded/targeting", FlagFixtures.targeting(rev2, List.of(Map.of("keyIds", List.of("vip"), "variationId", TRUE_ID)),
                        List.of(FlagFixtures.rule("r", "R", List.of(), TRUE_ID)), FlagFixtures.fallthrough(TRUE_ID))),
                bot.put(flags + "/guarded/toggle/true", Map.of()),
                bot.put(flags + "/guarded/name", Map.of("name", "x")),
                bot.patch(flags + "/guarded", List.of(Map.of("op", "replace", "path", "/isEnabled", "value", true))),
                bot.post(flags, FlagFixtures.booleanFlag("by-bot")),
                bot.put(flags + "/guarded/archive", Map.of()),
                bot.post("envs/" + dev + "/segments", Map.of("name", "B", "key", "b")),
                bot.put("envs/" + dev + "/segments/" + segmentId + "/targeting", Map.of("included", List.of("u"), "excluded", List.of(), "rules", List.of())),
                // Not an Open API action: unreachable with an access token, as in FeatBit.
                bot.put("envs/" + dev + "/end-users", Map.of("keyId", "k", "name", "n")));
        for (ApiClient.Response r : refused) {
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.error()).isEqualTo("Forbidden");
        }
        assertThat(org.get("envs/" + dev + "/audit-logs").ok().data().path("totalCount").asLong()).isEqualTo(audits);
        // The token's change is attributed to the token (FeatBit records the token id as operator).
        assertThat(org.get("envs/" + dev + "/audit-logs?refType=FeatureFlag").ok().data().path("items").path(0)
                .path("creatorEmail").asString()).isEqualTo("Access token");
    }
}
