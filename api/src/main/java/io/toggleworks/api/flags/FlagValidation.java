package io.toggleworks.api.flags;

import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.Validation;
import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Fallthrough;
import io.toggleworks.core.flag.RolloutVariation;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.TargetUser;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks flag content before it is stored, with FeatBit's {@code {param}_is_required / _is_invalid} codes. Stricter
 * than FeatBit where a bad value would only break evaluation later (dangling variation ids, rollouts outside 0..1).
 */
final class FlagValidation {
    static final Set<String> VARIATION_TYPES = Set.of("boolean", "string", "number", "json");
    static final int MAX_NAME = 128;
    static final int MAX_DESCRIPTION = 10_000;
    static final int MAX_TAG = 128;
    static final int MAX_LIST = 10_000;

    private FlagValidation() {
    }

    static void variations(Validation v, String variationType, List<Variation> variations) {
        if (variations == null || variations.isEmpty()) {
            v.that(false, ErrorCodes.required("variations"));
            return;
        }
        Set<String> ids = new HashSet<>();
        boolean ok = variations.size() <= 100;
        for (Variation var : variations) {
            if (var == null || blank(var.id()) || blank(var.name()) || var.value() == null
                    || var.id().length() > 128 || var.name().length() > MAX_NAME || !ids.add(var.id())
                    || !valueFits(variationType, var.value())) {
                ok = false;
            }
        }
        v.that(ok, ErrorCodes.invalid("variations"));
    }

    static boolean valueFits(String type, String value) {
        if (type == null) {
            return true;
        }
        return switch (type) {
            case "boolean" -> value.equals("true") || value.equals("false");
            case "number" -> {
                try {
                    new BigDecimal(value.trim());
                    yield true;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            case "json" -> {
                try {
                    Json.tree(value);
                    yield true;
                } catch (RuntimeException e) {
                    yield false;
                }
            }
            default -> true;
        };
    }

    static void tags(Validation v, List<String> tags) {
        if (tags == null) {
            return;
        }
        v.that(tags.size() <= 100 && tags.stream().allMatch(t -> t != null && !t.isBlank() && t.length() <= MAX_TAG),
                ErrorCodes.invalid("tags"));
    }

    /** The whole targeting of {@code flag}: every variation it names exists, rollouts are ranges inside 0..1. */
    static void targeting(Validation v, FeatureFlag flag) {
        Set<String> ids = new HashSet<>();
        flag.variations().forEach(x -> ids.add(x.id()));
        boolean users = flag.targetUsers().size() <= 100;
        for (TargetUser t : flag.targetUsers()) {
            if (t == null || !ids.contains(t.variationId()) || t.keyIds().size() > MAX_LIST
                    || t.keyIds().stream().anyMatch(k -> k == null || k.isBlank() || k.length() > 512)) {
                users = false;
            }
        }
        v.that(users, ErrorCodes.invalid("targetUsers"));
        boolean rules = flag.rules().size() <= 1000;
        Set<String> ruleIds = new HashSet<>();
        for (TargetRule r : flag.rules()) {
            if (r == null || blank(r.id()) || !ruleIds.add(r.id()) || (r.name() != null && r.name().length() > MAX_NAME)
                    || !rollouts(r.variations(), ids) || !conditions(r.conditions())) {
                rules = false;
            }
        }
        v.that(rules, ErrorCodes.invalid("rules"));
        Fallthrough f = flag.fallthrough();
        v.that(f != null && rollouts(f.variations(), ids), ErrorCodes.invalid("fallthrough"));
        v.that(flag.disabledVariationId() != null && ids.contains(flag.disabledVariationId()),
                ErrorCodes.invalid("disabledVariationId"));
    }

    private static boolean conditions(List<Condition> conditions) {
        Set<String> ids = new HashSet<>();
        for (Condition c : conditions) {
            if (c == null || blank(c.id()) || !ids.add(c.id()) || blank(c.property()) || c.value() == null
                    || c.property().length() > 512 || c.value().length() > 100_000) {
                return false;
            }
        }
        return true;
    }

    private static boolean rollouts(List<RolloutVariation> rollouts, Set<String> variationIds) {
        if (rollouts.isEmpty()) {
            return false;
        }
        for (RolloutVariation r : rollouts) {
            if (r == null || !variationIds.contains(r.id()) || r.rollout() == null || r.rollout().length != 2
                    || !(r.lower() >= 0 && r.lower() <= r.upper() && r.upper() <= 1)
                    || !(r.exptRollout() >= 0 && r.exptRollout() <= 1)) {
                return false;
            }
        }
        return true;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
