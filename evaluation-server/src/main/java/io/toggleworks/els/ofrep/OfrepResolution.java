package io.toggleworks.els.ofrep;

import io.toggleworks.core.evaluation.EvaluationResult;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.RolloutVariation;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One flag's OFREP answer, from FeatBit's evaluation (ADR 0044): either a success ({@code key, value, reason,
 * variant, metadata}) or a per-flag error ({@code key, errorCode, errorDetails}).
 */
final class OfrepResolution {
    static final String FLAG_NOT_FOUND = "FLAG_NOT_FOUND";
    static final String TYPE_MISMATCH = "TYPE_MISMATCH";
    static final String GENERAL = "GENERAL";

    private OfrepResolution() {
    }

    static Map<String, Object> error(String key, String errorCode, String details) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (key != null) {
            m.put("key", key);
        }
        m.put("errorCode", errorCode);
        m.put("errorDetails", details);
        return m;
    }

    /** {@code result} is empty when the evaluator failed on this flag (it logs why). */
    static Map<String, Object> of(FeatureFlag flag, java.util.Optional<EvaluationResult> result) {
        if (result.isEmpty()) {
            return error(flag.key(), GENERAL, "flag " + flag.key() + " cannot be evaluated");
        }
        EvaluationResult r = result.get();
        if (EvaluationResult.FLAG_ARCHIVED.equals(r.matchReason())) {
            return error(flag.key(), FLAG_NOT_FOUND, "flag " + flag.key() + " is archived");
        }
        Variation v = r.variation().orElse(null);
        if (v == null) {
            return error(flag.key(), GENERAL, "flag " + flag.key() + " serves a variation it does not have");
        }
        Object value;
        try {
            value = typed(flag.variationType(), v.value());
        } catch (IllegalArgumentException e) {
            return error(flag.key(), TYPE_MISMATCH, "variation " + v.id() + " of flag " + flag.key() + " is not a valid "
                    + flag.variationType() + ": " + e.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", flag.key());
        m.put("value", value);
        m.put("reason", reason(flag, r));
        m.put("variant", v.id());
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (v.name() != null) {
            metadata.put("variationName", v.name());
        }
        if (r.matchReason() != null) {
            metadata.put("matchReason", r.matchReason());
        }
        metadata.put("sendToExperiment", r.sendToExperiment());
        metadata.put("flagVersion", flag.version());
        m.put("metadata", metadata);
        return m;
    }

    /** FeatBit stores every value as a string; OFREP carries it typed by the flag's variation type. */
    static Object typed(String variationType, String value) {
        String type = variationType == null ? "string" : variationType.toLowerCase(Locale.ROOT);
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        return switch (type) {
            case "boolean" -> {
                String t = value.trim();
                if (t.equalsIgnoreCase("true")) {
                    yield Boolean.TRUE;
                }
                if (t.equalsIgnoreCase("false")) {
                    yield Boolean.FALSE;
                }
                throw new IllegalArgumentException("'" + value + "'");
            }
            case "number" -> number(value.trim());
            case "json" -> {
                try {
                    yield Json.tree(value);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("not JSON");
                }
            }
            default -> value;
        };
    }

    private static Object number(String text) {
        BigDecimal d;
        try {
            d = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "'");
        }
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            try {
                long l = stripped.longValueExact();
                return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) (int) l : (Object) l;
            } catch (ArithmeticException e) {
                // beyond long: a double below
            }
        }
        double x = d.doubleValue();
        if (Double.isInfinite(x)) {
            throw new IllegalArgumentException("'" + text + "' is out of range");
        }
        return x;
    }

    /**
     * FeatBit's match reason as an OpenFeature reason: a disabled flag is DISABLED; a targeted user TARGETING_MATCH;
     * a rule TARGETING_MATCH, or SPLIT when that rule splits users over several variations; the fallthrough SPLIT
     * when it splits, STATIC when the flag has no targets and no rules (everyone gets the value), else DEFAULT.
     */
    static String reason(FeatureFlag flag, EvaluationResult r) {
        String match = r.matchReason();
        if (EvaluationResult.FLAG_DISABLED.equals(match)) {
            return "DISABLED";
        }
        if (EvaluationResult.TARGETED.equals(match)) {
            return "TARGETING_MATCH";
        }
        if (EvaluationResult.DEFAULT.equals(match)) {
            if (flag.fallthrough() != null && splits(flag.fallthrough().variations())) {
                return "SPLIT";
            }
            return flag.rules().isEmpty() && flag.targetUsers().isEmpty() ? "STATIC" : "DEFAULT";
        }
        // A rule's name (FeatBit reports names, not ids: among rules sharing the name, any split counts).
        for (TargetRule rule : flag.rules()) {
            if (Objects.equals(rule.name(), match) && splits(rule.variations())) {
                return "SPLIT";
            }
        }
        return "TARGETING_MATCH";
    }

    /** Whether more than one variation gets a non-empty share of users. */
    private static boolean splits(List<RolloutVariation> variations) {
        int served = 0;
        for (RolloutVariation v : variations) {
            if (v.rollout() != null && v.rollout().length == 2 && v.upper() > v.lower()) {
                served++;
            }
        }
        return served > 1;
    }
}
