package io.toggleworks.core.evaluation;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.core.wire.ClientSdkFlag;
import io.toggleworks.core.wire.ClientSdkPayload;
import io.toggleworks.core.wire.Message;
import io.toggleworks.core.wire.ServerSdkPayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.toggleworks.core.evaluation.TestFlags.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * evaluation-server.md §8.2-8.4: FeatBit's fake data set and the Java and Node SDK fixtures, rebuilt as JSON
 * resources from the spec's description (src/test/resources/featbit), with the ELS's expected results.
 */
class FixtureTest {
    private final Evaluator evaluator = new Evaluator();

    static String resource(String name) {
        try (InputStream in = FixtureTest.class.getResourceAsStream("/featbit/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Store(Map<String, FeatureFlag> flags, List<Segment> segments) implements SegmentLookup {
        static Store of(List<FeatureFlag> flags, List<Segment> segments) {
            Map<String, FeatureFlag> m = new java.util.LinkedHashMap<>();
            flags.forEach(f -> m.put(f.key(), f));
            return new Store(m, segments);
        }

        static Store fromPayload(String json) {
            ServerSdkPayload p = Json.read(json, new TypeReference<Message<ServerSdkPayload>>() {
            }).data();
            return of(p.featureFlags(), p.segments());
        }

        @Override
        public Optional<Segment> find(String id) {
            return segments.stream().filter(s -> s.id().toString().equals(id)).findFirst();
        }
    }

    // §8.2
    static final EndUser TESTER = user("3db19c81-e149-4b97-8a0d-79d34531fe59", "tester",
            "email", "tester@featbit.com", "role", "qa", "location", "127.0.0.1");

    static Store fakeData() {
        return Store.of(Json.read(resource("fake-flags.json"), new TypeReference<List<FeatureFlag>>() {
        }), Json.read(resource("fake-segments.json"), new TypeReference<List<Segment>>() {
        }));
    }

    private ClientSdkPayload clientSync(Store store, long cursor, EndUser user) {
        List<ClientSdkFlag> out = new ArrayList<>();
        for (FeatureFlag f : ServerSdkPayload.changedSince(cursor, store.flags().values(), List.of()).featureFlags()) {
            out.add(ClientSdkFlag.of(f, evaluator.evaluate(f, user, store)));
        }
        return ClientSdkPayload.of(cursor, user.keyId(), out);
    }

    @Test
    void clientFullSyncOverTheFakeDataSet() {
        ClientSdkPayload p = clientSync(fakeData(), 0, TESTER);
        assertThat(p.eventType()).isEqualTo("full");
        assertThat(p.userKeyId()).isEqualTo(TESTER.keyId());
        Map<String, String> actual = new HashMap<>();
        for (ClientSdkFlag f : p.featureFlags()) {
            actual.put(f.id(), f.variation() + "/" + f.matchReason() + "/" + f.sendToExperiment() + "/" + f.timestamp());
            assertThat(f.variationType()).isEqualTo("boolean");
            assertThat(f.variationOptions()).extracting(o -> o.value()).containsExactly("true", "false");
        }
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(Map.of(
                "returns-true", "true/default/true/1674871495616",
                "return-10p-true", "false/default/true/1674871694804",
                "individual-targeting", "true/default/true/1674872452102",
                "two-custom-rules", "true/default/true/1674884975885",
                "custom-rule-with-segment", "true/default/true/1674885485421"));
        JsonNode json = Json.tree(Json.write(Message.dataSync(p)));
        JsonNode first = json.get("data").get("featureFlags").get(0);
        assertThat(first.propertyNames()).containsExactly("id", "variation", "variationType", "variationId", "matchReason",
                "variationOptions", "sendToExperiment", "timestamp");
    }

    @Test
    void patchesCarryOnlyWhatChangedAfterTheCursor() {
        Store store = fakeData();
        long cursor = 1674885300000L; // 2023-01-28T05:55:00Z
        ClientSdkPayload client = clientSync(store, cursor, TESTER);
        assertThat(client.eventType()).isEqualTo("patch");
        assertThat(client.featureFlags()).extracting(ClientSdkFlag::id).containsExactly("custom-rule-with-segment");
        ServerSdkPayload server = ServerSdkPayload.changedSince(cursor, store.flags().values(), store.segments());
        assertThat(server.featureFlags()).extracting(FeatureFlag::key).containsExactly("custom-rule-with-segment");
        assertThat(server.segments()).extracting(Segment::name).containsExactly("segment-02");
        assertThat(ServerSdkPayload.changedSince(1674885485421L, store.flags().values(), store.segments()).featureFlags()).isEmpty();
    }

    @Test
    void fakeDataSetRulesAndTargetsForOtherUsers() {
        Store s = fakeData();
        FeatureFlag targeting = s.flags().get("individual-targeting");
        assertThat(evaluator.evaluate(targeting, user("false-3", "x"), s).variation().orElseThrow().value()).isEqualTo("false");
        assertThat(evaluator.evaluate(targeting, user("true-10", "x"), s).matchReason()).isEqualTo("targeted");
        FeatureFlag rules = s.flags().get("two-custom-rules");
        assertThat(evaluator.evaluate(rules, user("u", "bob_qa", "age", "23"), s).matchReason()).isEqualTo("Rule 1");
        assertThat(evaluator.evaluate(rules, user("u", "bob_qa", "age", "22"), s).matchReason()).isEqualTo("default");
        assertThat(evaluator.evaluate(rules, user("u", "bob", "country", "cn"), s).matchReason()).isEqualTo("Rule 2");
        FeatureFlag seg = s.flags().get("custom-rule-with-segment");
        assertThat(evaluator.evaluate(seg, user("true-1", "x"), s).matchReason()).isEqualTo("Rule 1");
        assertThat(evaluator.evaluate(seg, user("false-1", "x"), s).matchReason()).isEqualTo("Rule 2"); // excluded from 01, included in 02
        assertThat(evaluator.evaluate(seg, user("u", "x", "location", "10.0.0.1"), s).variation().orElseThrow().value()).isEqualTo("false");
    }

    // §8.3
    @ParameterizedTest(name = "{0} for {1} → {2} ({3})")
    @CsvSource(delimiter = '|', value = {
            "ff-test-bool|test-user-1|true|targeted", "ff-test-bool|test-user-2|true|targeted",
            "ff-test-bool|test-user-3|false|default", "ff-test-bool|test-user-4|true|default",
            "ff-test-number|test-user-1|1|USA", "ff-test-number|test-user-2|33|FRANCE", "ff-test-number|test-user-3|86|CHINA",
            "ff-test-number|test-user-4|9999|default",
            "ff-test-string|18555358000|phone number|CN Phone Number", "ff-test-string|0603111111|phone number|FR Phone Number",
            "ff-test-string|test-user-7@featbit.com|email|Email", "ff-test-string|test-user-1|others|default",
            "ff-test-seg|test-user-1|teamA|segment rule", "ff-test-seg|test-user-2|teamB|default",
            "ff-test-seg|test-user-3|teamA|segment rule", "ff-test-seg|test-user-4|teamB|default",
            "ff-test-json|test-user-1|200|default", "ff-test-json|test-user-2|404|default",
            "ff-test-off|test-user-1|false|flag disabled", "ff-test-off|test-user-3|false|flag disabled"})
    void javaSdkFixture(String flagKey, String userKey, String expected, String reason) {
        Store store = Store.fromPayload(resource("java-sdk-fixture.json"));
        EndUser u = javaSdkUser(userKey);
        EvaluationResult r = evaluator.evaluate(store.flags().get(flagKey), u, store);
        String value = r.variation().orElseThrow().value();
        if (flagKey.equals("ff-test-json")) {
            value = Json.tree(value).get("code").asString();
        }
        assertThat(value).isEqualTo(expected);
        assertThat(r.matchReason()).isEqualTo(reason);
    }

    static EndUser javaSdkUser(String key) {
        return switch (key) {
            case "test-user-1" -> user(key, key, "country", "us");
            case "test-user-2" -> user(key, key, "country", "fr");
            case "test-user-3" -> user(key, key, "country", "cn", "major", "cs");
            case "test-user-4" -> user(key, key, "country", "uk", "major", "physics");
            default -> user(key, key);
        };
    }

    @ParameterizedTest(name = "ff-evaluation-test for {0} → {3}")
    @CsvSource(delimiter = '|', value = {
            "test-target-user|||teamB|targeted", "u-graduated|graduated|true|teamC|True Rule", "u-country|country|CHN|teamD|Equal Rule",
            "u-salary|salary|2500|teamE|Than Rule", "u-email|email|someone@gmail.com|teamF|Contain Rule", "u-major|major|CS|teamG|OneOf Rule",
            "u-phone|phone|18555358000|teamI|MatchRegex Rule", "u-none|||teamA|default", "u-salary-high|salary|3001|teamA|default"})
    void javaSdkEvaluationFixture(String key, String property, String value, String expected, String reason) {
        Store store = Store.fromPayload(resource("java-sdk-fixture.json"));
        EndUser u = property == null ? user(key, key) : user(key, key, property, value);
        EvaluationResult r = evaluator.evaluate(store.flags().get("ff-evaluation-test"), u, store);
        assertThat(r.variation().orElseThrow().value()).isEqualTo(expected);
        assertThat(r.matchReason()).isEqualTo(reason);
    }

    @Test
    void javaSdkNameRuleAndAllFlags() {
        Store store = Store.fromPayload(resource("java-sdk-fixture.json"));
        EvaluationResult r = evaluator.evaluate(store.flags().get("ff-evaluation-test"), user("u-name", "group-admin-user"), store);
        assertThat(r.variation().orElseThrow().value()).isEqualTo("teamH");
        assertThat(r.matchReason()).isEqualTo("StartEnd Rule");
        assertThat(store.flags()).hasSize(7);
        for (FeatureFlag f : store.flags().values()) {
            assertThat(evaluator.evaluate(f, javaSdkUser("test-user-1"), store).variation()).isPresent();
        }
    }

    // §8.4
    @Test
    void nodeSdkFixture() {
        Store store = Store.fromPayload(resource("node-sdk-fixture.json"));
        FeatureFlag f = store.flags().get("example-flag");
        EvaluationResult r = evaluator.evaluate(f, user("u1", "u1"), store);
        assertThat(r.variation().orElseThrow().value()).isEqualTo("true");
        assertThat(r.matchReason()).isEqualTo("default");
        assertThat(evaluator.evaluate(f, user("false-1", "x"), store).variation().orElseThrow().value()).isEqualTo("false");
        assertThat(evaluator.evaluate(f, user("u2", "x_qa", "age", "30"), store).matchReason()).isEqualTo("Rule 1");

        // the full segment, through a rule that references it
        String segmentId = store.segments().getFirst().id().toString();
        var bySegment = TestFlags.withRule(TestFlags.cond("User is in segment", null, "[\"" + segmentId + "\"]"));
        java.util.function.Function<EndUser, Boolean> in = u -> "the rule".equals(evaluator.evaluate(bySegment, u, store).matchReason());
        assertThat(in.apply(user("true-1", "bob"))).isTrue();
        assertThat(in.apply(user("false-1", "alice", "age", "20", "country", "cn", "isMember", "true"))).isFalse();
        assertThat(in.apply(user("u3", "alice", "age", "20", "country", "cn", "isMember", "TRUE"))).isTrue();
        assertThat(in.apply(user("u3", "bob", "age", "20", "country", "cn", "isMember", "true"))).isFalse();
        assertThat(in.apply(user("u3", "alice", "age", "23", "country", "cn", "isMember", "true"))).isFalse();
        assertThat(in.apply(user("u3", "alice", "age", "20", "country", "fr", "isMember", "true"))).isFalse();
    }
}
