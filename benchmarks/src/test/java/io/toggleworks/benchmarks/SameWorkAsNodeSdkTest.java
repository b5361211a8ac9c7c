package io.toggleworks.benchmarks;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.evaluation.Evaluator;
import io.toggleworks.core.evaluation.SegmentLookup;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparison with FeatBit's Node SDK is only fair if both sides do the same work and reach the same answers.
 * {@code node-sdk-expected.json} holds what {@code @featbit/node-server-sdk} serves every fixture user for every
 * fixture flag ({@code node bench.js --expected ...}); our evaluator must serve the same variations.
 */
class SameWorkAsNodeSdkTest {
    private final Fixtures fixtures = Fixtures.load();
    private final Evaluator evaluator = new Evaluator();
    private final SegmentLookup segments = EvaluationBenchmark.lookup(fixtures.segments());

    @Test
    void ourEvaluatorServesWhatTheNodeSdkServes() throws IOException {
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("/node-sdk-expected.json")) {
            expected = Json.tree(in.readAllBytes());
        }
        List<String> flagKeys = expected.get("flags").valueStream().map(JsonNode::asString).toList();
        Map<String, EndUser> users = new HashMap<>();
        for (EndUser u : fixtures.users()) {
            users.put(u.keyId(), u);
        }
        int compared = 0;
        for (JsonNode line : expected.get("expected")) {
            String[] parts = line.asString().split(" ");
            EndUser user = users.get(parts[0]);
            assertThat(user).as("fixture user %s", parts[0]).isNotNull();
            for (int i = 0; i < flagKeys.size(); i++) {
                FeatureFlag flag = fixtures.flag(flagKeys.get(i));
                Variation want = flag.variations().get(parts[1].charAt(i) - '0');
                assertThat(evaluator.evaluate(flag, user, segments).variation())
                        .as("flag %s, user %s", flag.key(), user.keyId())
                        .contains(want);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(50 * 1024);
    }

    @Test
    void clientSyncEncodesTheDataSyncMessage() {
        EndUser user = fixtures.users()[7];
        byte[] bytes = ClientSyncBenchmark.encode(evaluator, fixtures.allFlags().toArray(FeatureFlag[]::new), user, segments);
        JsonNode message = Json.tree(bytes);
        assertThat(message.get("messageType").asString()).isEqualTo("data-sync");
        assertThat(message.get("data").get("userKeyId").asString()).isEqualTo(user.keyId());
        assertThat(message.get("data").get("featureFlags")).hasSize(50);
    }

    @Test
    void theScenarioUsersTakeEveryBranch() {
        // The three-rules flag must exercise rules and the hashed fallthrough, the segment flag every segment path.
        Map<String, Integer> reasons = new HashMap<>();
        for (EndUser u : fixtures.users()) {
            reasons.merge("3r:" + evaluator.evaluate(fixtures.flag(Fixtures.THREE_RULES_FLAG), u, segments).matchReason(), 1, Integer::sum);
            reasons.merge("seg:" + evaluator.evaluate(fixtures.flag(Fixtures.SEGMENT_FLAG), u, segments).matchReason(), 1, Integer::sum);
        }
        assertThat(reasons).containsKeys("3r:EU enterprise", "3r:heavy mobile users", "3r:new app version", "3r:default",
                "seg:beta testers", "seg:default");
        System.out.println("match reasons over the fixture users: " + new java.util.TreeMap<>(reasons));
    }
}
