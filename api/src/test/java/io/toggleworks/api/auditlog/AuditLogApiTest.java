package io.toggleworks.api.auditlog;

import io.toggleworks.api.flags.FlagFixtures;
import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("mongodb")
class AuditLogApiTest extends ApiTestBase {

    @Test
    void listsEntriesWithFiltersAndPagingNewestFirst() {
        ApiClient org = newOrganization();
        JsonNode project = newProject(org);
        UUID dev = envId(project, "dev");
        UUID prod = envId(project, "prod");
        long before = Instant.now().toEpochMilli() - 1000;
        String flagId = FlagFixtures.create(org, dev, "audited").data().path("id").asString();
        org.put("envs/" + dev + "/feature-flags/audited/toggle/true", Map.of("comment", "launch day")).ok();
        org.put("envs/" + dev + "/feature-flags/audited/name", Map.of("name", "Renamed flag", "comment", "")).ok();
        String segmentId = org.post("envs/" + dev + "/segments", Map.of("name", "Seg", "key", "seg")).ok().data().path("id").asString();
        FlagFixtures.create(org, prod, "in-prod");
        String path = "envs/" + dev + "/audit-logs";

        JsonNode all = org.get(path).ok().data();
        assertThat(all.path("totalCount").asLong()).isEqualTo(4);
        assertThat(all.path("items").path(0).path("refId").asString()).isEqualTo(segmentId); // newest first
        JsonNode flagLogs = org.get(path + "?refType=FeatureFlag&refId=" + flagId).ok().data();
        assertThat(flagLogs.path("totalCount").asLong()).isEqualTo(3);
        JsonNode rename = flagLogs.path("items").path(0);
        assertThat(rename.path("operation").asString()).isEqualTo("Update");
        assertThat(rename.path("instructions").toString()).isEqualTo("[{\"kind\":\"UpdateName\",\"value\":\"Renamed flag\"}]");
        assertThat(rename.path("creatorEmail").asString()).isEqualTo("test@featbit.com");
        assertThat(rename.path("dataChange").path("previous").asString()).contains("\"name\":\"Flag audited\"");
        assertThat(flagLogs.path("items").path(2).path("dataChange").path("previous").asString()).isEmpty();

        assertThat(org.get(path + "?query=launch").ok().data().path("totalCount").asLong()).isEqualTo(1);
        assertThat(org.get(path + "?query=renamed").ok().data().path("totalCount").asLong()).isEqualTo(1); // keyword "{key},{name}"
        assertThat(org.get(path + "?creatorId=" + UUID.randomUUID()).ok().data().path("totalCount").asLong()).isZero();
        assertThat(org.get(path + "?from=" + before + "&to=" + (Instant.now().toEpochMilli() + 60_000)).ok().data()
                .path("totalCount").asLong()).isEqualTo(4);
        assertThat(org.get(path + "?to=" + before).ok().data().path("totalCount").asLong()).isZero();
        assertThat(org.get(path + "?crossEnvironment=true").ok().data().path("totalCount").asLong()).isEqualTo(5);
        JsonNode page = org.get(path + "?pageIndex=1&pageSize=3").ok().data();
        assertThat(page.path("items").size()).isEqualTo(1);
        assertThat(org.get(path + "?refType=Project").status()).isEqualTo(400);

        JsonNode compared = org.post(path + "/compare", Map.of("refType", "FeatureFlag",
                "dataChange", rename.path("dataChange"))).ok().data();
        assertThat(compared).isEqualTo(rename.path("instructions"));
    }

    @Test
    void describesTargetingChangesAsInstructions() {
        ApiClient org = newOrganization();
        UUID dev = envId(newProject(org), "dev");
        String rev = FlagFixtures.create(org, dev, "diff").data().path("revision").asString();
        var rule = FlagFixtures.rule("r1", "R", List.of(FlagFixtures.condition("c1", "country", "IsOneOf", "[\"FR\"]")), FlagFixtures.TRUE_ID);
        rev = org.put("envs/" + dev + "/feature-flags/diff/targeting", FlagFixtures.targeting(rev, List.of(), List.of(rule),
                FlagFixtures.fallthrough(FlagFixtures.TRUE_ID))).ok().data().asString();
        var changed = FlagFixtures.rule("r1", "R2", List.of(FlagFixtures.condition("c1", "country", "IsOneOf", "[\"FR\",\"DE\"]"),
                FlagFixtures.condition("c2", "plan", "Equal", "pro")), FlagFixtures.TRUE_ID);
        org.put("envs/" + dev + "/feature-flags/diff/targeting", FlagFixtures.targeting(rev, List.of(), List.of(changed),
                FlagFixtures.fallthrough(FlagFixtures.TRUE_ID))).ok();
        JsonNode log = org.get("envs/" + dev + "/audit-logs?refType=FeatureFlag").ok().data().path("items").path(0);
        assertThat(log.path("instructions").valueStream().map(i -> i.path("kind").asString()).toList())
                .containsExactly("UpdateRuleName", "AddValuesToRuleCondition", "AddRuleConditions");
        assertThat(log.path("instructions").path(1).path("value").toString())
                .isEqualTo("{\"ruleId\":\"r1\",\"conditionId\":\"c1\",\"values\":[\"DE\"]}");
    }
}
