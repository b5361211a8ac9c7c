package io.toggleworks.api.messaging;

import io.toggleworks.api.auditlog.AuditLogStore;
import io.toggleworks.api.flags.FlagFixtures;
import io.toggleworks.api.flags.FlagService;
import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.flags.Flags;
import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import io.toggleworks.core.flag.FeatureFlag;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.toggleworks.api.flags.FlagFixtures.TRUE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Change messages reach {@code queue_messages} as FeatBit's ELS reads them (api.md §5.1-5.2). */
class ChangeMessageTest extends ApiTestBase {
    private static final List<String> FLAG_FIELDS = List.of("id", "envId", "revision", "name", "description", "key",
            "variationType", "variations", "targetUsers", "rules", "isEnabled", "disabledVariationId", "fallthrough",
            "exptIncludeAllTargets", "tags", "isArchived", "createdAt", "updatedAt", "creatorId", "updatorId");
    private static final List<String> SEGMENT_FIELDS = List.of("id", "envId", "name", "key", "description", "included",
            "excluded", "rules", "tags", "isArchived", "createdAt", "updatedAt");

    private static List<JsonNode> flagMessages(String flagId) {
        return db().sql("""
                select payload from queue_messages where topic = 'featbit-feature-flag-change' and status = 'Notified'
                   and payload::jsonb->>'id' = :id order by id""")
                .param("id", flagId).query(String.class).list().stream().map(ApiClient.JSON::readTree).toList();
    }

    @Test
    void everyFlagChangePublishesTheWholeFlagDocument() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        JsonNode created = FlagFixtures.create(org, envId, "msg").data();
        String id = created.path("id").asString();
        org.put("envs/" + envId + "/feature-flags/msg/toggle/true", Map.of()).ok();

        List<JsonNode> messages = flagMessages(id);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).isEqualTo(created);
        JsonNode current = org.get("envs/" + envId + "/feature-flags/msg").ok().data();
        assertThat(messages.get(1)).isEqualTo(current);
        List<String> fields = new ArrayList<>(messages.get(1).propertyNames());
        assertThat(fields).containsExactlyElementsOf(FLAG_FIELDS);
        assertThat(messages.get(1).path("isEnabled").asBoolean()).isTrue();

        // Deleting publishes nothing (the archive message already told the ELS), as FeatBit.
        org.put("envs/" + envId + "/feature-flags/msg/archive", Map.of()).ok();
        org.delete("envs/" + envId + "/feature-flags/msg").ok();
        assertThat(flagMessages(id)).hasSize(3);
    }

    @Test
    void aRolledBackChangeIsNeverPublished() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        String id = FlagFixtures.create(org, envId, "rollback").data().path("id").asString();
        FlagService service = server.context().getBean(FlagService.class);
        FlagStore store = server.context().getBean(FlagStore.class);
        TransactionTemplate tx = server.context().getBean(TransactionTemplate.class);
        long auditBefore = server.context().getBean(AuditLogStore.class).count();
        FeatureFlag before = store.find(envId, "rollback").orElseThrow();

        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            Flags.Edit e = new Flags.Edit(before);
            e.name = "never committed";
            service.update(before, e, AuditLogStore.Operation.Update, "", before.creatorId());
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(flagMessages(id)).hasSize(1);
        assertThat(store.find(envId, "rollback").orElseThrow().name()).isEqualTo(before.name());
        assertThat(server.context().getBean(AuditLogStore.class).count()).isEqualTo(auditBefore);
    }

    @Test
    void aSegmentTargetingChangeBumpsReferencingFlagsAndNamesThem() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        String segmentId = org.post("envs/" + envId + "/segments", Map.of("name", "S", "key", "s")).ok().data().path("id").asString();
        String rev = FlagFixtures.create(org, envId, "ref").data().path("revision").asString();
        org.put("envs/" + envId + "/feature-flags/ref/targeting", FlagFixtures.targeting(rev, List.of(),
                List.of(FlagFixtures.rule("r1", "In S", List.of(FlagFixtures.condition("c1", "User is in segment", "",
                        "[\"" + segmentId + "\"]")), TRUE_ID)), FlagFixtures.fallthrough(TRUE_ID))).ok();
        JsonNode flagBefore = org.get("envs/" + envId + "/feature-flags/ref").ok().data();

        org.put("envs/" + envId + "/segments/" + segmentId + "/targeting",
                Map.of("included", List.of("u1"), "excluded", List.of(), "rules", List.of())).ok();

        List<JsonNode> messages = db().sql("""
                select payload from queue_messages where topic = 'featbit-segment-change' and status = 'Notified'
                   and payload::jsonb->'segment'->>'id' = :id order by id""")
                .param("id", segmentId).query(String.class).list().stream().map(ApiClient.JSON::readTree).toList();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("affectedFlagIds").size()).isZero(); // create
        JsonNode change = messages.get(1);
        assertThat(new ArrayList<>(change.propertyNames())).containsExactly("segment", "affectedFlagIds");
        assertThat(new ArrayList<>(change.path("segment").propertyNames())).containsExactlyElementsOf(SEGMENT_FIELDS);
        assertThat(change.path("segment").path("envId").asString()).isEqualTo(envId.toString());
        assertThat(change.path("segment").path("included").toString()).isEqualTo("[\"u1\"]");
        assertThat(change.path("affectedFlagIds").toString()).isEqualTo("[\"" + flagBefore.path("id").asString() + "\"]");

        JsonNode flagAfter = org.get("envs/" + envId + "/feature-flags/ref").ok().data();
        assertThat(flagAfter.path("revision")).isEqualTo(flagBefore.path("revision"));
        assertThat(flagAfter.path("updatedAt").asString()).isNotEqualTo(flagBefore.path("updatedAt").asString());
        assertThat(db().sql("select comment from audit_logs where ref_id = :id order by created_at desc limit 1")
                .param("id", flagBefore.path("id").asString()).query(String.class).single())
                .isEqualTo("Referenced segment 'S' has been updated.");
    }
}
