package io.toggleworks.core.evaluation;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.TargetUser;
import io.toggleworks.core.flag.Variation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A flag prepared for evaluation: target users in a hash map, conditions parsed, every result object built. It holds
 * no reference to the {@link FeatureFlag} itself, so the evaluator's weak cache can let replaced flags go.
 */
final class CompiledFlag {
    /** FeatBit throws on a flag without fallthrough; we serve no variation (ADR 0011). */
    private static final EvaluationResult NO_FALLTHROUGH = new EvaluationResult(Optional.empty(), EvaluationResult.DEFAULT, false);

    private final boolean archived;
    private final boolean enabled;
    private final EvaluationResult disabled;
    private final Map<String, EvaluationResult> targets;
    private final CompiledCondition[][] ruleConditions;
    private final Dispatch[] ruleDispatches;
    private final Dispatch fallthrough;

    private CompiledFlag(FeatureFlag flag) {
        this.archived = flag.isArchived();
        this.enabled = flag.isEnabled();
        Map<String, Variation> variations = new HashMap<>();
        for (Variation v : flag.variations()) {
            variations.putIfAbsent(v.id(), v);
        }
        String disabledId = flag.disabledVariationId();
        this.disabled = new EvaluationResult(Optional.ofNullable(disabledId == null ? null : variations.get(disabledId)),
                EvaluationResult.FLAG_DISABLED, false);

        Map<String, EvaluationResult> t = new HashMap<>();
        for (TargetUser target : flag.targetUsers()) {
            String id = target.variationId();
            EvaluationResult r = new EvaluationResult(Optional.ofNullable(id == null ? null : variations.get(id)),
                    EvaluationResult.TARGETED, flag.exptIncludeAllTargets());
            for (String keyId : target.keyIds()) {
                t.putIfAbsent(keyId, r); // the first target listing a user wins
            }
        }
        this.targets = t.isEmpty() ? null : t;

        List<TargetRule> rules = flag.rules();
        this.ruleConditions = new CompiledCondition[rules.size()][];
        this.ruleDispatches = new Dispatch[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            TargetRule rule = rules.get(i);
            List<Condition> conditions = rule.conditions();
            ruleConditions[i] = new CompiledCondition[conditions.size()];
            for (int j = 0; j < conditions.size(); j++) {
                ruleConditions[i][j] = CompiledCondition.ofRule(conditions.get(j));
            }
            ruleDispatches[i] = new Dispatch(flag.key(), rule.dispatchKey(), rule.includedInExpt(), flag.exptIncludeAllTargets(),
                    rule.variations(), variations, rule.name());
        }
        this.fallthrough = flag.fallthrough() == null ? null
                : new Dispatch(flag.key(), flag.fallthrough().dispatchKey(), flag.fallthrough().includedInExpt(),
                flag.exptIncludeAllTargets(), flag.fallthrough().variations(), variations, EvaluationResult.DEFAULT);
    }

    static CompiledFlag compile(FeatureFlag flag) {
        return new CompiledFlag(flag);
    }

    EvaluationResult evaluate(EndUser user, SegmentLookup segments, Evaluator evaluator) {
        if (archived) {
            return EvaluationResult.ARCHIVED;
        }
        if (!enabled) {
            return disabled;
        }
        if (targets != null) {
            String keyId = user.keyId();
            EvaluationResult r = keyId == null ? null : targets.get(keyId);
            if (r != null) {
                return r;
            }
        }
        for (int i = 0; i < ruleConditions.length; i++) {
            if (allMatch(ruleConditions[i], user, segments, evaluator)) {
                return ruleDispatches[i].dispatch(user);
            }
        }
        return fallthrough == null ? NO_FALLTHROUGH : fallthrough.dispatch(user);
    }

    static boolean allMatch(CompiledCondition[] conditions, EndUser user, SegmentLookup segments, Evaluator evaluator) {
        for (CompiledCondition c : conditions) {
            if (!c.matches(user, segments, evaluator)) {
                return false;
            }
        }
        return true;
    }
}
