package io.toggleworks.core.wire;

import io.toggleworks.core.enduser.CustomizedProperty;
import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.evaluation.EvaluationResult;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class WireTest {
    static final UUID ENV = UUID.fromString("226b9bf8-4af3-4ffa-9b01-162270e4cd40");

    static FeatureFlag flag(boolean archived) {
        return new FeatureFlag(UUID.randomUUID(), ENV, null, "n", "", "returns-true", null,
                List.of(new Variation("v1", "True", "true"), new Variation("v2", "False", "false")),
                List.of(), List.of(), true, "v2", null, true, List.of(), archived,
                Instant.parse("2023-01-28T02:04:55.616Z"), Instant.parse("2023-01-28T02:04:55.616Z"), null, null);
    }

    @Test
    void clientPayloadHasFeatBitsShape() {
        FeatureFlag f = flag(false);
        ClientSdkFlag cf = ClientSdkFlag.of(f, EvaluationResult.of(f.variations().getFirst(), "default", true));
        String json = Json.write(Message.dataSync(ClientSdkPayload.of(0, "u1", List.of(cf))));
        assertThat(json).isEqualTo("{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"full\",\"userKeyId\":\"u1\",\"featureFlags\":["
                + "{\"id\":\"returns-true\",\"variation\":\"true\",\"variationType\":\"string\",\"variationId\":\"v1\",\"matchReason\":\"default\","
                + "\"variationOptions\":[{\"id\":\"v1\",\"value\":\"true\"},{\"id\":\"v2\",\"value\":\"false\"}],\"sendToExperiment\":true,"
                + "\"timestamp\":1674871495616}]}}");
    }

    @Test
    void archivedFlagsHaveNullVariation() {
        FeatureFlag f = flag(true);
        String json = Json.write(ClientSdkFlag.of(f, EvaluationResult.ARCHIVED));
        assertThat(json).contains("\"variation\":null", "\"variationId\":null", "\"matchReason\":\"flag archived\"", "\"sendToExperiment\":false");
    }

    @Test
    void serverPayloadIsPatchUnlessCursorIsZero() {
        assertThat(ServerSdkPayload.of(0, List.of(), List.of()).eventType()).isEqualTo("full");
        assertThat(Json.write(ServerSdkPayload.of(5, List.of(), List.of())))
                .isEqualTo("{\"eventType\":\"patch\",\"featureFlags\":[],\"segments\":[]}");
    }

    @Test
    void parsesDataSyncRequests() {
        Message<JsonNode> m = Message.parse("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":1674885300000,"
                + "\"user\":{\"keyId\":\"k\",\"name\":\"n\",\"customizedProperties\":[{\"name\":\"p\",\"value\":\"v\"}]}}}");
        DataSyncRequest r = DataSyncRequest.from(m.data());
        assertThat(r.timestamp()).isEqualTo(1674885300000L);
        assertThat(r.user()).contains(new EndUser("k", "n", List.of(new CustomizedProperty("p", "v"))));
        assertThat(DataSyncRequest.from(Json.tree("{\"timestamp\":1.5}")).timestamp()).isZero();
        assertThat(DataSyncRequest.from(Json.tree("{\"Timestamp\":7}")).timestamp()).isEqualTo(7);
        assertThat(DataSyncRequest.from(Json.tree("{\"timestamp\":null}")).isFull()).isTrue();
        assertThat(DataSyncRequest.from(Json.tree("{}")).user()).isEmpty();
    }

    @Test
    void segmentChangeAndEndUserMessages() {
        String json = "{\"segment\":{\"id\":\"556c11b2-8a3c-4a5a-9a1c-aaaaaaaaaaaa\",\"envId\":\"226b9bf8-4af3-4ffa-9b01-162270e4cd40\","
                + "\"included\":[\"a\"],\"updatedAt\":\"2023-01-28T05:56:21.306Z\"},\"affectedFlagIds\":[\"8f6b3a32-6c0b-4bd5-a2a4-af8e0112f1e3\"]}";
        SegmentChangeMessage m = Json.read(json, SegmentChangeMessage.class);
        assertThat(m.segment().envId()).isEqualTo(ENV);
        assertThat(m.affectedFlagIds()).containsExactly(UUID.fromString("8f6b3a32-6c0b-4bd5-a2a4-af8e0112f1e3"));
        assertThat(Json.write(EndUserMessage.of(ENV, new EndUser("u", null, null))))
                .isEqualTo("{\"envId\":\"226b9bf8-4af3-4ffa-9b01-162270e4cd40\",\"keyId\":\"u\",\"name\":\"\",\"customizedProperties\":[]}");
    }

    @Test
    void insightMessagesAreSnakeCaseWithPropertiesAsText() {
        List<TrackEvent> body = Json.read("""
                [{"user":{"keyId":"u1","name":"n","customizedProperties":[{"name":"p","value":"v"}]},
                  "variations":[{"featureFlagKey":"flag-a","variation":{"id":"var-1","value":"true","name":"ignored"},"sendToExperiment":true,"timestamp":1718000000000}],
                  "metrics":[{"route":"/","type":"CustomEvent","eventName":"checkout","numericValue":1.5,"appType":"web","timestamp":1718000000000}]}]
                """, new TypeReference<List<TrackEvent>>() {
        });
        TrackEvent e = body.getFirst();
        var flagEvent = e.variations().getFirst();
        InsightMessage i = InsightMessage.flagValue(ENV, e.user(), flagEvent, flagEvent.variationIfAny().orElseThrow());
        JsonNode tree = Json.tree(Json.write(i));
        assertThat(tree.get("distinct_id").asString()).isEqualTo(ENV + "-flag-a");
        assertThat(tree.get("env_id").asString()).isEqualTo(ENV.toString());
        assertThat(tree.get("event").asString()).isEqualTo("FlagValue");
        assertThat(tree.get("timestamp").asLong()).isEqualTo(1718000000000000L);
        assertThat(i.properties()).isEqualTo("{\"route\":\"/Variation/GetMultiOptionVariation\",\"flagId\":\"" + ENV + "-flag-a\",\"envId\":\"" + ENV
                + "\",\"accountId\":\"\",\"projectId\":\"\",\"featureFlagKey\":\"flag-a\",\"sendToExperiment\":true,\"userKeyId\":\"u1\",\"userName\":\"n\","
                + "\"variationId\":\"var-1\",\"tag_0\":\"u1\",\"tag_1\":\"var-1\",\"tag_2\":\"true\",\"tag_3\":\"n\"}");
        InsightMessage metric = InsightMessage.metric(ENV, e.user(), e.metrics().getFirst());
        assertThat(metric.event()).isEqualTo("CustomEvent");
        assertThat(metric.distinctId()).isEqualTo("checkout");
        assertThat(metric.properties()).isEqualTo("{\"route\":\"/\",\"type\":\"CustomEvent\",\"eventName\":\"checkout\",\"numericValue\":1.5,"
                + "\"user\":{\"keyId\":\"u1\",\"name\":\"n\"},\"applicationType\":\"web\",\"projectId\":\"\",\"envId\":\"" + ENV + "\",\"accountId\":\"\","
                + "\"tag_0\":\"u1\",\"tag_1\":\"1.5\",\"tag_2\":\"n\"}");
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "1.5, 1.5", "0.1, 0.1", "1E20, 1E+20", "1234567, 1234567", "10000000, 1E+07", "0.0001, 0.0001",
            "0.00001, 1E-05", "-2.5, -2.5", "0, 0", "123.456, 123.456", "12345678, 12345678", "123456789, 1.2345679E+08", "-0.5, -0.5", "1.0E-4, 0.0001"})
    void floatsAreWrittenAsDotNetDoes(float f, String expected) {
        assertThat(DotNetFloat.toString(f)).isEqualTo(expected);
    }

    @Test
    void usageMessage() {
        assertThat(Json.write(UsageMessage.insight(ENV, LocalDate.of(2025, 6, 1), List.of("u1"), 12, 3)))
                .isEqualTo("{\"envId\":\"" + ENV + "\",\"type\":\"insight\",\"recordedAt\":\"2025-06-01\",\"endUsers\":[\"u1\"],\"flagEvaluations\":12,\"customMetrics\":3}");
    }

    @Test
    void pong() {
        assertThat(Message.PONG_JSON).isEqualTo(Json.write(new Message<>("pong", java.util.Map.of())));
    }
}
