package io.toggleworks.els.evaluation;

import io.toggleworks.core.enduser.CustomizedProperty;
import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.evaluation.EvaluationResult;
import io.toggleworks.core.evaluation.SegmentLookup;
import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.RolloutVariation;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.TargetUser;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.MatchRule;
import io.toggleworks.core.segment.Segment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Temporary stand-in until core's evaluator is available: FeatBit's steps (evaluation-server.md §5) with the
 * common operators. Replace every use by core's {@code Evaluator}.
 */
final class StandInEvaluator {
    private StandInEvaluator() {
    }

    static EvaluationResult evaluate(FeatureFlag flag, EndUser user, SegmentLookup segments) {
        if (flag.isArchived()) {
            return EvaluationResult.ARCHIVED;
        }
        if (!flag.isEnabled()) {
            return EvaluationResult.of(flag.variation(flag.disabledVariationId()).orElse(null), EvaluationResult.FLAG_DISABLED, false);
        }
        for (TargetUser t : flag.targetUsers()) {
            if (t.keyIds().contains(user.keyId())) {
                return EvaluationResult.of(flag.variation(t.variationId()).orElse(null), EvaluationResult.TARGETED, flag.exptIncludeAllTargets());
            }
        }
        for (TargetRule rule : flag.rules()) {
            if (rule.conditions().stream().allMatch(c -> matches(c, user, segments))) {
                return dispatch(flag, user, rule.dispatchKey(), rule.variations(), rule.includedInExpt(), rule.name());
            }
        }
        return dispatch(flag, user, flag.fallthrough().dispatchKey(), flag.fallthrough().variations(),
                flag.fallthrough().includedInExpt(), EvaluationResult.DEFAULT);
    }

    private static EvaluationResult dispatch(FeatureFlag flag, EndUser user, String dispatchKey, List<RolloutVariation> rollouts,
                                             boolean includedInExpt, String reason) {
        String key = flag.key() + (dispatchKey == null || dispatchKey.isBlank() ? user.keyId() : nullToEmpty(valueOf(user, dispatchKey)));
        RolloutVariation hit = null;
        for (RolloutVariation r : rollouts) {
            if (inRollout(key, r.lower(), r.upper())) {
                hit = r;
                break;
            }
        }
        Variation v = hit == null ? new Variation("", "", "") : flag.variation(hit.id()).orElse(null);
        boolean expt;
        if (flag.exptIncludeAllTargets()) {
            expt = true;
        } else if (!includedInExpt || hit == null) {
            expt = false;
        } else {
            double width = hit.upper() - hit.lower();
            expt = hit.exptRollout() != 0 && width != 0 && inRollout("expt" + key, 0, Math.min(hit.exptRollout() / width, 1.0));
        }
        return EvaluationResult.of(v, reason, expt);
    }

    private static boolean inRollout(String key, double lo, double hi) {
        if (lo == 0 && 1 - hi < 1e-5) {
            return true;
        }
        if (lo == 0 && hi == 0) {
            return false;
        }
        double b = bucket(key);
        return lo <= b && b <= hi;
    }

    private static double bucket(String key) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8));
            int n = ByteBuffer.wrap(d, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            return Math.abs((double) n / -2147483648.0);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matches(Condition c, EndUser user, SegmentLookup segments) {
        if (c.isSegmentCondition()) {
            List<String> ids = c.value() == null || c.value().equals("null") ? List.of() : List.of(Json.read(c.value(), String[].class));
            boolean any = ids.stream().map(segments::find).flatMap(Optional::stream).anyMatch(s -> inSegment(s, user, segments));
            return Condition.IS_IN_SEGMENT.equals(c.property()) == any;
        }
        return operator(c, valueOf(user, c.property()));
    }

    private static boolean inSegment(Segment s, EndUser user, SegmentLookup segments) {
        if (s.excluded().contains(user.keyId())) {
            return false;
        }
        if (s.included().contains(user.keyId())) {
            return true;
        }
        for (MatchRule r : s.rules()) {
            if (r.conditions().stream().allMatch(c -> matches(c, user, segments))) {
                return true;
            }
        }
        return false;
    }

    private static boolean operator(Condition c, String u) {
        String v = c.value();
        if (u == null || v == null || c.op() == null) {
            return false;
        }
        return switch (c.op()) {
            case "Equal" -> u.equals(v);
            case "NotEqual" -> !u.equals(v);
            case "Contains" -> u.contains(v);
            case "NotContain" -> !u.contains(v);
            case "StartsWith" -> u.startsWith(v);
            case "EndsWith" -> u.endsWith(v);
            case "IsOneOf" -> !v.equals("null") && List.of(Json.read(v, String[].class)).contains(u);
            case "NotOneOf" -> v.equals("null") || !List.of(Json.read(v, String[].class)).contains(u);
            case "IsTrue" -> u.equalsIgnoreCase("true");
            case "IsFalse" -> u.equalsIgnoreCase("false");
            default -> false;
        };
    }

    private static String valueOf(EndUser user, String property) {
        if (property == null || property.isBlank()) {
            return "";
        }
        if (property.equals("keyId")) {
            return user.keyId();
        }
        if (property.equals("name")) {
            return user.name();
        }
        for (CustomizedProperty p : user.customizedProperties()) {
            if (property.equals(p.name())) {
                return p.value() == null ? "" : p.value();
            }
        }
        return "";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
