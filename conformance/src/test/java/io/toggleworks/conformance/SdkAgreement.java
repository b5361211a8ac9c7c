package io.toggleworks.conformance;

import io.toggleworks.core.evaluation.EvaluationResult;
import io.toggleworks.core.evaluation.Evaluator;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.Segment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares what an official SDK reports with our {@link Evaluator} on the API's current documents: the value for
 * every flag and user, and the reason (the node server SDK's own kind; the client SDK reports the ELS's
 * matchReason verbatim). The same rules as {@link OfficialSdkConformanceTest}, for the provider matrix.
 */
final class SdkAgreement {
    static final Duration CALL = Duration.ofSeconds(60);

    /** One driver process: a server SDK (evaluates for any user) or client SDKs (one per user). */
    record Sdk(String name, NodeScript script, boolean serverSide, List<Corpus.User> users) {
    }

    private final Evaluator evaluator = new Evaluator();
    private final Corpus corpus;

    SdkAgreement(Corpus corpus) {
        this.corpus = corpus;
    }

    /** user keyId -> flag key -> our evaluator's result on the API's current documents. */
    Map<String, Map<String, EvaluationResult>> expected(List<Corpus.User> users) {
        Map<String, Segment> segments = corpus.segments();
        List<FeatureFlag> flags = corpus.flagKeys.stream().map(corpus::flag).toList();
        Map<String, Map<String, EvaluationResult>> out = new LinkedHashMap<>();
        for (Corpus.User u : users) {
            Map<String, EvaluationResult> byFlag = new LinkedHashMap<>();
            for (FeatureFlag f : flags) {
                byFlag.put(f.key(), evaluator.evaluate(f, u.toEndUser(), id -> Optional.ofNullable(segments.get(id))));
            }
            out.put(u.keyId(), byFlag);
        }
        return out;
    }

    List<String> mismatches(Sdk sdk, Map<String, Map<String, EvaluationResult>> expected) throws InterruptedException {
        ObjectNode all = NodeScript.command("all");
        all.set("users", Json.mapper().valueToTree(sdk.users().stream().map(Corpus.User::toJson).toList()));
        JsonNode actual = sdk.script().call(all, CALL).path("results");
        List<String> out = new ArrayList<>();
        for (Corpus.User u : sdk.users()) {
            expected.get(u.keyId()).forEach((flag, result) -> {
                JsonNode got = actual.path(u.keyId()).path(flag);
                String want = result.variation().map(Variation::value).orElse(null);
                String where = sdk.name() + ": " + u.keyId() + " / " + flag + ": ";
                if (got.isMissingNode()) {
                    out.add(where + "SDK has no such flag");
                } else if (!got.path("value").asString("<null>").equals(want)) {
                    out.add(where + "SDK " + got + ", ours " + want + " (" + result.matchReason() + ")");
                } else if (sdk.serverSide() && !got.path("kind").asString("").equals(nodeKind(result))) {
                    out.add(where + "SDK kind " + got + ", ours " + result.matchReason());
                } else if (!sdk.serverSide() && !got.path("reason").asString("").equals(result.matchReason())) {
                    out.add(where + "SDK reason " + got + ", ours " + result.matchReason());
                }
            });
        }
        return out;
    }

    /** Waits until every SDK agrees with our evaluator; fails with the differences after {@code patience}. */
    void awaitAgreement(String what, List<Sdk> sdks, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<String> all = new ArrayList<>();
            for (Sdk sdk : sdks) {
                all.addAll(mismatches(sdk, expected(sdk.users())));
            }
            if (all.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertThat(all).as("%s: SDKs still differ from our evaluator after %s", what, patience).isEmpty();
            }
            Thread.sleep(250);
        }
    }

    /** The node SDK's reason kind for our match reason (evaluation-server.md §5.9). */
    private static String nodeKind(EvaluationResult r) {
        return switch (String.valueOf(r.matchReason())) {
            case EvaluationResult.FLAG_DISABLED -> "Off";
            case EvaluationResult.TARGETED -> "TargetMatch";
            case EvaluationResult.DEFAULT -> "FallThrough";
            default -> "RuleMatch";
        };
    }
}
