package io.toggleworks.core.json;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.segment.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {
    static final String FLAG = """
            {"id":"8f6b3a32-6c0b-4bd5-a2a4-af8e0112f1e3","envId":"226b9bf8-4af3-4ffa-9b01-162270e4cd40",
             "revision":"3c3b4c8e-2f0b-4c1e-9b3a-0a0d2f3e4b5c","name":"returns true","description":"",
             "key":"returns-true","variationType":"boolean",
             "variations":[{"id":"v-true","name":"True","value":"true"},{"id":"v-false","name":"False","value":"false"}],
             "targetUsers":[{"keyIds":["u1","u2"],"variationId":"v-true"}],
             "rules":[{"id":"r1","name":"rule 1","dispatchKey":null,"includedInExpt":false,
                       "conditions":[{"id":"c1","property":"country","op":"IsOneOf","value":"[\\"cn\\",\\"us\\"]"}],
                       "variations":[{"id":"v-true","rollout":[0,0.1],"exptRollout":1},{"id":"v-false","rollout":[0.1,1],"exptRollout":0.5}]}],
             "isEnabled":true,"disabledVariationId":"v-false",
             "fallthrough":{"dispatchKey":"keyId","includedInExpt":true,"variations":[{"id":"v-true","rollout":[0,1],"exptRollout":1}]},
             "exptIncludeAllTargets":true,"tags":["a"],"isArchived":false,
             "createdAt":"2023-01-28T02:04:55.616Z","updatedAt":"2023-01-19T08:04:54.3264271Z",
             "creatorId":"197a7d0b-5f6d-4a82-9a3a-0d0b0b0b0b0b","updatorId":"197a7d0b-5f6d-4a82-9a3a-0d0b0b0b0b0b"}
            """;

    @Test
    void roundTripsFeatBitsFlagDocument() {
        FeatureFlag flag = Json.read(FLAG, FeatureFlag.class);
        assertThat(flag.isEnabled()).isTrue();
        assertThat(flag.rules().getFirst().variations().get(1).rollout()).containsExactly(0.1, 1.0);
        assertThat(flag.updatedAt()).isEqualTo(Instant.parse("2023-01-19T08:04:54.3264271Z"));
        JsonNode expected = Json.tree(FLAG);
        JsonNode actual = Json.tree(Json.write(flag));
        assertThat(actual).isEqualTo(expected);
        assertThat(Json.write(flag)).contains("\"isEnabled\":true", "\"isArchived\":false", "\"exptIncludeAllTargets\":true",
                "\"rollout\":[0,0.1]", "\"dispatchKey\":null", "\"updatedAt\":\"2023-01-19T08:04:54.3264271Z\"");
    }

    @Test
    void readsCaseInsensitivelyAndIgnoresUnknownProperties() {
        FeatureFlag flag = Json.read("""
                {"ID":"8F6B3A32-6C0B-4BD5-A2A4-AF8E0112F1E3","Key":"k","IsEnabled":true,"someThingNew":{"x":1},
                 "updatedAt":"2023-01-28T02:04:55.616+00:00"}""", FeatureFlag.class);
        assertThat(flag.key()).isEqualTo("k");
        assertThat(flag.isEnabled()).isTrue();
        assertThat(flag.id()).isEqualTo(UUID.fromString("8f6b3a32-6c0b-4bd5-a2a4-af8e0112f1e3"));
        assertThat(flag.version()).isEqualTo(1674871495616L);
        assertThat(Json.write(flag)).contains("\"id\":\"8f6b3a32-6c0b-4bd5-a2a4-af8e0112f1e3\"");
    }

    @Test
    void readsSharedSegmentsWithEmptyEnvId() {
        Segment s = Json.read("""
                {"id":"556c11b2-8a3c-4a5a-9a1c-aaaaaaaaaaaa","envId":"","name":"s","included":["a"],"excluded":[],
                 "rules":[{"id":"r","name":"n","conditions":[{"id":"c","property":"age","op":"LessThan","value":"22"}]}],
                 "isArchived":false,"updatedAt":"2023-01-28T05:56:21.306Z"}""", Segment.class);
        assertThat(s.envId()).isNull();
        assertThat(s.rules().getFirst().conditions().getFirst().op()).isEqualTo("LessThan");
    }

    @ParameterizedTest
    @CsvSource({
            "2023-01-28T02:04:55.616Z, 2023-01-28T02:04:55.616Z",
            "2023-01-28T02:04:55Z, 2023-01-28T02:04:55Z",
            "2023-01-28T02:04:55.000Z, 2023-01-28T02:04:55Z",
            "2023-01-19T08:04:54.3264271Z, 2023-01-19T08:04:54.3264271Z",
            "2023-01-19T08:04:54.326427123Z, 2023-01-19T08:04:54.3264271Z",
            "2023-01-28T10:04:55.5+08:00, 2023-01-28T02:04:55.5Z",
            "2023-01-28T02:04:55.616+0000, 2023-01-28T02:04:55.616Z",
            "2023-01-28T03:04:55.61645+0100, 2023-01-28T02:04:55.61645Z",
            "2023-01-28T02:04:55+0000, 2023-01-28T02:04:55Z",
            "2023-01-28T02:04:55.616, 2023-01-28T02:04:55.616Z"})
    void writesDatesAsSystemTextJsonDoes(String in, String out) {
        Instant i = Json.read("\"" + in + "\"", Instant.class);
        assertThat(Json.write(i)).isEqualTo("\"" + out + "\"");
        assertThat(IsoInstant.format(i)).isEqualTo(out);
    }

    @Test
    void writeToLeavesTheStreamOpen() {
        boolean[] closed = {false};
        var out = new java.io.ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        Json.writeTo(out, java.util.Map.of("a", 1));
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(closed[0]).isFalse();
    }
}
