package io.toggleworks.api.messaging;

import io.toggleworks.api.testing.Eventually;
import io.toggleworks.api.auditlog.AuditLogStore;
import io.toggleworks.api.flags.FlagFixtures;
import io.toggleworks.api.flags.FlagService;
import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.flags.Flags;
import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import io.toggleworks.api.web.Paging;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.mq.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static io.toggleworks.api.flags.FlagFixtures.TRUE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Change messages reach the queue as FeatBit's ELS reads them (api.md §5.1-5.2), received here as an ELS would: by a
 * real-time consumer of the API's queue (PostgreSQL's, or Redis beside MongoDB). Absence is shown by a later change
 * of the same topic arriving: a topic's messages arrive in order.
 */
@Tag("mongodb")
class ChangeMessageTest extends ApiTestBase {
    record Received(String topic, JsonNode payload) {
    }

    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private static RealtimeConsumer consumer;

    @BeforeAll
    static void listen() {
        consumer = server.context().getBean(MessageQueue.class).realtimeConsumer();
        consumer.start((topic, payload) -> received.add(new Received(topic, ApiClient.JSON.readTree(payload))));
    }

    @AfterAll
    static void stopListening() {
        if (consumer != null) {
            consumer.close();
        }
    }

    private static final List<String> FLAG_FIELDS = List.of("id", "envId", "revision", "name", "description", "key",
            "variationType", "variations", "targetUsers", "rules", "isEnabled", "disabledVariationId", "fallthrough",
            "exptIncludeAllTargets", "tags", "isArchived", "createdAt", "updatedAt", "creatorId", "updatorId");
    private static final List<String> SEGMENT_FIELDS = List.of("id", "envId", "name", "key", "description", "included",
            "excluded", "rules", "tags", "isArchived", "createdAt", "updatedAt");

    private static List<JsonNode> messages(String topic, Predicate<JsonNode> which) {
        return received.stream().filter(r -> r.topic().equals(topic) && which.test(r.payload())).map(Received::payload).toList();
    }

    /** The flag's change messages, once a flag created after everything before has been announced. */
    private static List<JsonNode> flagMessages(ApiClient org, UUID envId, String flagId) {
        String marker = FlagFixtures.create(org, envId, "marker-" + UUID.randomUUID().toString().substring(0, 8)).data()
                .path("id").asString();
        await(() -> !messages(Topics.FEATURE_FLAG_CHANGE, m -> m.path("id").asString().equals(marker)).isEmpty());
        return messages(Topics.FEATURE_FLAG_CHANGE, m -> m.path("id").asString().equals(flagId));
    }

    @Test
    void everyFlagChangePublishesTheWholeFlagDocument() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        JsonNode created = FlagFixtures.create(org, envId, "msg").data();
        String id = created.path("id").asString();
        org.put("envs/" + envId + "/feature-flags/msg/toggle/true", Map.of()).ok();

        List<JsonNode> messages = flagMessages(org, envId, id);
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
        assertThat(flagMessages(org, envId, id)).hasSize(3);
    }

    @Test
    void aRolledBackChangeIsNeverPublished() {
        Assumptions.assumeFalse(onMongo(), "MongoDB has no transaction to roll back (ADR 0052)");
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

        assertThat(server.context().getBean(AuditLogStore.class).count()).isEqualTo(auditBefore);
        assertThat(store.find(envId, "rollback").orElseThrow().name()).isEqualTo(before.name());
        assertThat(flagMessages(org, envId, id)).hasSize(1);
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

        await(() -> messages(Topics.SEGMENT_CHANGE, m -> m.path("segment").path("id").asString().equals(segmentId)).size() >= 2);
        List<JsonNode> messages = messages(Topics.SEGMENT_CHANGE, m -> m.path("segment").path("id").asString().equals(segmentId));
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
        AuditLogStore audit = server.context().getBean(AuditLogStore.class);
        assertThat(audit.list(new AuditLogStore.Filter(List.of(envId), null, null, flagBefore.path("id").asString(), null, null,
                null), Paging.of(0, 1)).items().getFirst().comment()).isEqualTo("Referenced segment 'S' has been updated.");
    }

    /** Waits for the consumer; what is asserted is the outcome, never the time taken. */
    private static void await(java.util.function.BooleanSupplier condition) {
        Eventually.await(condition, Duration.ofSeconds(60), Duration.ofMillis(50), "no message in time");
    }
}
