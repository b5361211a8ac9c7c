package io.toggleworks.core.evaluation;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.TargetUser;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.segment.MatchRule;
import io.toggleworks.core.segment.Segment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.toggleworks.core.evaluation.TestFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

/** evaluation-server.md §5.1-5.7 and the unit-level vectors of §8.5. */
class EvaluatorTest {
    private final Evaluator evaluator = new Evaluator();

    private EvaluationResult eval(FeatureFlag f, String keyId, String... props) {
        return evaluator.evaluate(f, user(keyId, keyId, props), SegmentLookup.NONE);
    }

    private static void expect(EvaluationResult r, String variationId, String reason, boolean expt) {
        assertThat(r.variation().map(Variation::id)).isEqualTo(Optional.ofNullable(variationId));
        assertThat(r.matchReason()).isEqualTo(reason);
        assertThat(r.sendToExperiment()).isEqualTo(expt);
    }

    // §8.5
    @Test
    void disabledFlagServesTheOffVariation() {
        var f = flag("hello", false, "trueId", List.of(), List.of(), fallthrough(null, true, all("falseId")), true);
        expect(eval(f, "u1"), "trueId", "flag disabled", false);
    }

    @Test
    void disabledFlagWithUnknownOffVariationServesNull() {
        var f = flag("hello", false, "missing", List.of(), List.of(), fallthrough(null, true, all("falseId")), true);
        expect(eval(f, "u1"), null, "flag disabled", false);
        var noOff = flag("hello", false, null, List.of(), List.of(), fallthrough(null, true, all("falseId")), true);
        expect(eval(noOff, "u1"), null, "flag disabled", false);
    }

    @Test
    void targetedUsersGetTheirVariationAndExperimentFollowsIncludeAllTargets() {
        var f = flag("hello", true, "trueId", List.of(new TargetUser(List.of("u1"), "falseId")), List.of(),
                fallthrough(null, true, all("trueId")), true);
        expect(eval(f, "u1"), "falseId", "targeted", true);
        var g = flag("hello", true, "trueId", List.of(new TargetUser(List.of("u1"), "falseId")), List.of(),
                fallthrough(null, true, all("trueId")), false);
        expect(eval(g, "u1"), "falseId", "targeted", false);
    }

    @Test
    void ruleMatchReportsTheRuleNameAndItsOwnIncludedInExpt() {
        var f = flag("hello", true, "falseId", List.of(),
                List.of(rule("open for vip & svip", null, false, List.of(cond("level", "IsOneOf", "[\"vip\",\"svip\"]")), all("trueId"))),
                fallthrough(null, true, all("falseId")), false);
        expect(eval(f, "u1", "level", "svip"), "trueId", "open for vip & svip", false);
    }

    @Test
    void fallthroughWithFullExperimentRolloutIsSentToExperiment() {
        var f = flag("hello", true, "trueId", List.of(), List.of(), fallthrough(null, true, all("falseId")), false);
        expect(eval(f, "u1"), "falseId", "default", true);
    }

    @Test
    void archivedFlagsServeNull() {
        var f = flag("hello", true, "trueId", List.of(), List.of(), fallthrough(null, true, all("falseId")), true);
        var archived = new FeatureFlag(f.id(), f.envId(), f.revision(), f.name(), f.description(), f.key(), f.variationType(),
                f.variations(), f.targetUsers(), f.rules(), true, f.disabledVariationId(), f.fallthrough(), true, f.tags(), true,
                f.createdAt(), f.updatedAt(), null, null);
        expect(eval(archived, "u1"), null, "flag archived", false);
    }

    // §5.1
    @Test
    void theFirstTargetListingAUserWinsAndTargetingIsCaseSensitive() {
        var f = flag("hello", true, "trueId", List.of(new TargetUser(List.of("a", "u1"), "trueId"), new TargetUser(List.of("u1"), "falseId")),
                List.of(), fallthrough(null, true, all("falseId")), true);
        expect(eval(f, "u1"), "trueId", "targeted", true);
        expect(eval(f, "U1"), "falseId", "default", true);
        var unknown = flag("hello", true, "trueId", List.of(new TargetUser(List.of("u1"), "nope")), List.of(),
                fallthrough(null, true, all("falseId")), true);
        expect(eval(unknown, "u1"), null, "targeted", true);
    }

    @Test
    void targetsComeBeforeRulesAndRulesApplyInOrder() {
        var f = flag("hello", true, "trueId", List.of(new TargetUser(List.of("vip"), "falseId")),
                List.of(rule("first", null, true, List.of(cond("country", "Equal", "fr")), all("trueId")),
                        rule("second", null, true, List.of(cond("country", "Equal", "fr"), cond("age", "BiggerThan", "1")), all("falseId")),
                        rule("everyone", null, true, List.of(), all("falseId"))),
                fallthrough(null, true, all("trueId")), true);
        expect(eval(f, "vip", "country", "fr"), "falseId", "targeted", true);
        expect(eval(f, "u1", "country", "fr", "age", "5"), "trueId", "first", true);
        expect(eval(f, "u1", "country", "de"), "falseId", "everyone", true);
    }

    @Test
    void aRuleWithoutNameReportsNull() {
        var f = flag("hello", true, "trueId", List.of(), List.of(rule(null, null, true, List.of(), all("trueId"))),
                fallthrough(null, true, all("falseId")), true);
        expect(eval(f, "u1"), "trueId", null, true);
    }

    // §5.5
    @Test
    void dispatchKeysConcatenateFlagKeyAndAttribute() {
        // bucket("ff-test-bool" + "test-user-3") = 0.645, bucket(... "test-user-4") = 0.199
        var byName = flag("ff-test-bool", true, "trueId", List.of(), List.of(),
                fallthrough("name", true, range("trueId", 0, 0.5, 1), range("falseId", 0.5, 1, 1)), true);
        assertThat(evaluator.evaluate(byName, user("x", "test-user-3"), SegmentLookup.NONE).variation().orElseThrow().id()).isEqualTo("falseId");
        assertThat(evaluator.evaluate(byName, user("x", "test-user-4"), SegmentLookup.NONE).variation().orElseThrow().id()).isEqualTo("trueId");
        var byKey = flag("ff-test-bool", true, "trueId", List.of(), List.of(),
                fallthrough(" ", true, range("trueId", 0, 0.5, 1), range("falseId", 0.5, 1, 1)), true);
        assertThat(evaluator.evaluate(byKey, user("test-user-3", "zzz"), SegmentLookup.NONE).variation().orElseThrow().id()).isEqualTo("falseId");
        // a missing attribute or a null name dispatches on the flag key alone: bucket("ff-test-bool")
        double alone = DispatchAlgorithm.bucket("ff-test-bool");
        String expected = alone <= 0.5 ? "trueId" : "falseId";
        assertThat(evaluator.evaluate(byName, user("x", null), SegmentLookup.NONE).variation().orElseThrow().id()).isEqualTo(expected);
        var byMissing = flag("ff-test-bool", true, "trueId", List.of(), List.of(),
                fallthrough("nope", true, range("trueId", 0, 0.5, 1), range("falseId", 0.5, 1, 1)), true);
        assertThat(evaluator.evaluate(byMissing, user("x", "y"), SegmentLookup.NONE).variation().orElseThrow().id()).isEqualTo(expected);
    }

    @Test
    void adjacentRangesShareTheirBoundaryAndTheEarlierWins() {
        double b = DispatchAlgorithm.bucket("hellou1"); // 0.2402...
        var f = flag("hello", true, "trueId", List.of(), List.of(),
                fallthrough(null, false, range("trueId", 0, b, 0), range("falseId", b, 1, 0)), false);
        expect(eval(f, "u1"), "trueId", "default", false);
        var g = flag("hello", true, "trueId", List.of(), List.of(),
                fallthrough(null, false, range("falseId", 0, 0.1, 0), range("trueId", b, b, 0)), false);
        expect(eval(g, "u1"), "trueId", "default", false);
    }

    @Test
    void noMatchingRangeServesTheEmptyVariationAndUnknownIdsServeNull() {
        var gap = flag("hello", true, "trueId", List.of(), List.of(), fallthrough(null, true, range("trueId", 0.5, 0.6, 1)), false);
        EvaluationResult r = eval(gap, "u1"); // bucket 0.24
        assertThat(r.variation()).contains(new Variation("", "", ""));
        assertThat(r.sendToExperiment()).isFalse();
        var gapAll = flag("hello", true, "trueId", List.of(), List.of(), fallthrough(null, true), true);
        assertThat(eval(gapAll, "u1").variation().orElseThrow().id()).isEmpty();
        assertThat(eval(gapAll, "u1").sendToExperiment()).isTrue();
        var unknown = flag("hello", true, "trueId", List.of(), List.of(), fallthrough(null, true, all("nope")), true);
        expect(eval(unknown, "u1"), null, "default", true);
        var zero = flag("hello", true, "trueId", List.of(), List.of(),
                fallthrough(null, true, range("falseId", 0, 0, 1), range("trueId", 0, 1, 1)), true);
        expect(eval(zero, "u1"), "trueId", "default", true);
    }

    @Test
    void malformedRolloutsAreSkippedRatherThanFailing() {
        var f = flag("hello", true, "trueId", List.of(), List.of(),
                fallthrough(null, true, new io.toggleworks.core.flag.RolloutVariation("falseId", new double[]{0}, 1), all("trueId")), true);
        expect(eval(f, "u1"), "trueId", "default", true);
        var none = new FeatureFlag(UUID.randomUUID(), UUID.randomUUID(), null, "n", "", "k", "boolean", List.of(TRUE, FALSE),
                List.of(), List.of(), true, "trueId", null, true, List.of(), false, Instant.EPOCH, Instant.EPOCH, null, null);
        expect(eval(none, "u1"), null, "default", false);
    }

    // §5.6
    @Test
    void experimentSamplingFollowsExptRolloutOverTheRangeWidth() {
        // bucket("hellou1") = 0.2402 → in [0, 0.5]; bucket("expthellou1") = 0.6713
        var in = flag("hello", true, "trueId", List.of(), List.of(),
                fallthrough(null, true, range("trueId", 0, 0.5, 0.4), range("falseId", 0.5, 1, 0.5)), false);
        expect(eval(in, "u1"), "trueId", "default", true); // upper = 0.4 / 0.5 = 0.8 ≥ 0.6713
        var out = flag("hello", true, "trueId", List.of(), List.of(),
                fallthrough(null, true, range("trueId", 0, 0.5, 0.3), range("falseId", 0.5, 1, 0.5)), false);
        expect(eval(out, "u1"), "trueId", "default", false); // upper = 0.6 < 0.6713
        var notIncluded = flag("hello", true, "trueId", List.of(), List.of(),
                fallthrough(null, false, range("trueId", 0, 0.5, 0.5), range("falseId", 0.5, 1, 0.5)), false);
        expect(eval(notIncluded, "u1"), "trueId", "default", false);
        var allTargets = flag("hello", true, "trueId", List.of(), List.of(),
                fallthrough(null, false, range("trueId", 0, 0.5, 0), range("falseId", 0.5, 1, 0)), true);
        expect(eval(allTargets, "u1"), "trueId", "default", true);
        var zeroExpt = flag("hello", true, "trueId", List.of(), List.of(),
                fallthrough(null, true, range("trueId", 0, 0.5, 0), range("falseId", 0.5, 1, 0)), false);
        expect(eval(zeroExpt, "u1"), "trueId", "default", false);
        // dispatch key by attribute: "expt" + flagKey + value; bucket("exptflag-auser-1") = 0.6914
        var byAttr = flag("flag-a", true, "trueId", List.of(), List.of(),
                fallthrough("team", true, range("trueId", 0, 1, 0.69)), false);
        assertThat(evaluator.evaluate(byAttr, user("zz", "n", "team", "user-1"), SegmentLookup.NONE).sendToExperiment()).isFalse();
        var byAttr2 = flag("flag-a", true, "trueId", List.of(), List.of(),
                fallthrough("team", true, range("trueId", 0, 1, 0.7)), false);
        assertThat(evaluator.evaluate(byAttr2, user("zz", "n", "team", "user-1"), SegmentLookup.NONE).sendToExperiment()).isTrue();
    }

    // §5.2 segments
    private static Segment segment(String id, List<String> included, List<String> excluded, List<MatchRule> rules) {
        return new Segment(UUID.fromString(id), UUID.randomUUID(), "s", "s", "", included, excluded, rules, List.of(), false,
                Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void segmentMembershipExcludedBeforeIncludedBeforeRules() {
        String id = "a0832b1c-0000-4000-8000-000000000001";
        Segment s = segment(id, List.of("in", "both"), List.of("out", "both"),
                List.of(new MatchRule("r", "r", List.of(cond("major", "IsOneOf", "[\"math\",\"cs\"]")))));
        SegmentLookup lookup = k -> k.equals(id) ? Optional.of(s) : Optional.empty();
        var f = flag("seg", true, "trueId", List.of(),
                List.of(rule("segment rule", null, true, List.of(cond("User is in segment", null, "[\"" + id + "\"]")), all("trueId"))),
                fallthrough(null, true, all("falseId")), true);
        assertThat(evaluator.evaluate(f, user("in", "n"), lookup).matchReason()).isEqualTo("segment rule");
        assertThat(evaluator.evaluate(f, user("out", "n", "major", "cs"), lookup).matchReason()).isEqualTo("default");
        assertThat(evaluator.evaluate(f, user("both", "n"), lookup).matchReason()).isEqualTo("default");
        assertThat(evaluator.evaluate(f, user("x", "n", "major", "cs"), lookup).matchReason()).isEqualTo("segment rule");
        assertThat(evaluator.evaluate(f, user("x", "n", "major", "art"), lookup).matchReason()).isEqualTo("default");

        var not = flag("seg", true, "trueId", List.of(),
                List.of(rule("not in", null, true, List.of(cond("User is not in segment", "IsOneOf", "[\"" + id + "\"]")), all("trueId"))),
                fallthrough(null, true, all("falseId")), true);
        assertThat(evaluator.evaluate(not, user("in", "n"), lookup).matchReason()).isEqualTo("default");
        assertThat(evaluator.evaluate(not, user("x", "n"), lookup).matchReason()).isEqualTo("not in");
    }

    @Test
    void segmentConditionEdgeCases() {
        String id = "a0832b1c-0000-4000-8000-000000000002";
        Segment empty = segment(id, List.of(), List.of(), List.of(new MatchRule("r", "r", List.of())));
        SegmentLookup lookup = k -> k.equals(id) ? Optional.of(empty) : Optional.empty();
        Map<String, String> cases = Map.of(
                "[\"" + id + "\"]", "in",                 // an empty segment rule matches everyone
                "[\"unknown\",\"" + id + "\"]", "in",     // any referenced segment may match
                "[\"unknown\"]", "out",                  // an unknown segment matches nobody (FeatBit would throw)
                "null", "out", "[]", "out",              // no segment
                "not json", "never");                    // unusable: neither condition matches
        cases.forEach((value, expected) -> {
            var in = flag("seg", true, "trueId", List.of(),
                    List.of(rule("r", null, true, List.of(cond("User is in segment", null, value)), all("trueId"))), fallthrough(null, true, all("falseId")), true);
            var out = flag("seg", true, "trueId", List.of(),
                    List.of(rule("r", null, true, List.of(cond("User is not in segment", null, value)), all("trueId"))), fallthrough(null, true, all("falseId")), true);
            boolean inMatches = "r".equals(evaluator.evaluate(in, user("u", "n"), lookup).matchReason());
            boolean outMatches = "r".equals(evaluator.evaluate(out, user("u", "n"), lookup).matchReason());
            assertThat(inMatches).as(value).isEqualTo(expected.equals("in"));
            assertThat(outMatches).as(value).isEqualTo(expected.equals("out"));
        });
    }

    @Test
    void archivedSegmentsStillMatchAsInFeatBitsServer() {
        String id = "a0832b1c-0000-4000-8000-000000000003";
        Segment archived = new Segment(UUID.fromString(id), null, "s", "s", "", List.of("u"), List.of(), List.of(), List.of(), true,
                Instant.EPOCH, Instant.EPOCH);
        var f = flag("seg", true, "trueId", List.of(),
                List.of(rule("r", null, true, List.of(cond("User is in segment", null, "[\"" + id + "\"]")), all("trueId"))),
                fallthrough(null, true, all("falseId")), true);
        assertThat(evaluator.evaluate(f, user("u", "n"), k -> Optional.of(archived)).matchReason()).isEqualTo("r");
    }

    @Test
    void segmentRulesUseOrdinaryOperatorsOnly() {
        String id = "a0832b1c-0000-4000-8000-000000000004";
        Segment nested = segment(id, List.of(), List.of(),
                List.of(new MatchRule("r", "r", List.of(cond("User is not in segment", null, "[]")))));
        var f = flag("seg", true, "trueId", List.of(),
                List.of(rule("r", null, true, List.of(cond("User is in segment", null, "[\"" + id + "\"]")), all("trueId"))),
                fallthrough(null, true, all("falseId")), true);
        assertThat(evaluator.evaluate(f, user("u", "n"), k -> Optional.of(nested)).matchReason()).isEqualTo("default");
    }

    @Test
    void aReplacedFlagIsRecompiled() {
        var a = flag("hello", true, "trueId", List.of(), List.of(), fallthrough(null, true, all("trueId")), true);
        var b = flag("hello", true, "trueId", List.of(), List.of(), fallthrough(null, true, all("falseId")), true);
        for (int i = 0; i < 3; i++) {
            assertThat(eval(a, "u").variation().orElseThrow().id()).isEqualTo("trueId");
            assertThat(eval(b, "u").variation().orElseThrow().id()).isEqualTo("falseId");
        }
        Evaluator tiny = new Evaluator(Evaluator.DEFAULT_REGEX_TIME_LIMIT, 1);
        for (int i = 0; i < 200; i++) {
            var f = flag("f" + i, true, "trueId", List.of(), List.of(), fallthrough(null, true, all(i % 2 == 0 ? "trueId" : "falseId")), true);
            assertThat(tiny.evaluate(f, user("u", "n"), SegmentLookup.NONE).variation().orElseThrow().id()).isEqualTo(i % 2 == 0 ? "trueId" : "falseId");
        }
    }

    @Test
    void concurrentEvaluationsOfManyFlagsAgree() throws Exception {
        Evaluator shared = new Evaluator(Evaluator.DEFAULT_REGEX_TIME_LIMIT, 64); // small: forces evictions and races
        List<FeatureFlag> flags = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            flags.add(flag("f" + i, true, "trueId", List.of(new TargetUser(List.of("vip"), "falseId")),
                    List.of(rule("r", null, true, List.of(cond("n", "BiggerThan", Integer.toString(i))), all("falseId"))),
                    fallthrough(null, true, range("trueId", 0, 0.5, 1), range("falseId", 0.5, 1, 1)), true));
        }
        Evaluator reference = new Evaluator();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int k = 0; k < 20_000; k++) {
                        FeatureFlag f = flags.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(flags.size()));
                        var u = user("u" + (k % 97), "n", "n", Integer.toString(k % 400));
                        if (!shared.evaluate(f, u, SegmentLookup.NONE).equals(reference.evaluate(f, u, SegmentLookup.NONE))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var f : futures) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
