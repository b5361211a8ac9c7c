package io.toggleworks.core.evaluation;

import io.toggleworks.core.enduser.CustomizedProperty;
import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.flag.Fallthrough;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.RolloutVariation;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.TargetUser;
import io.toggleworks.core.flag.Variation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Small builders for flags and users in tests. */
final class TestFlags {
    static final Variation TRUE = new Variation("trueId", "True", "true");
    static final Variation FALSE = new Variation("falseId", "False", "false");

    private TestFlags() {
    }

    static RolloutVariation all(String id) {
        return new RolloutVariation(id, new double[]{0, 1}, 1);
    }

    static RolloutVariation range(String id, double lo, double hi, double expt) {
        return new RolloutVariation(id, new double[]{lo, hi}, expt);
    }

    static Condition cond(String property, String op, String value) {
        return new Condition(UUID.randomUUID().toString(), property, op, value);
    }

    static TargetRule rule(String name, String dispatchKey, boolean includedInExpt, List<Condition> conditions, RolloutVariation... variations) {
        return new TargetRule(UUID.randomUUID().toString(), name, dispatchKey, includedInExpt, conditions, List.of(variations));
    }

    static Fallthrough fallthrough(String dispatchKey, boolean includedInExpt, RolloutVariation... variations) {
        return new Fallthrough(dispatchKey, includedInExpt, List.of(variations));
    }

    static FeatureFlag flag(String key, boolean enabled, String disabledVariationId, List<TargetUser> targets,
                            List<TargetRule> rules, Fallthrough fallthrough, boolean exptIncludeAllTargets) {
        return new FeatureFlag(UUID.randomUUID(), UUID.randomUUID(), null, key, "", key, "boolean", List.of(TRUE, FALSE),
                targets, rules, enabled, disabledVariationId, fallthrough, exptIncludeAllTargets, List.of(), false,
                Instant.EPOCH, Instant.EPOCH, null, null);
    }

    static FeatureFlag withRule(Condition c) {
        return flag("hello", true, "falseId", List.of(),
                List.of(rule("the rule", null, true, List.of(c), all("trueId"))), fallthrough(null, true, all("falseId")), true);
    }

    static EndUser user(String keyId, String name, String... props) {
        List<CustomizedProperty> list = new ArrayList<>();
        for (int i = 0; i < props.length; i += 2) {
            list.add(new CustomizedProperty(props[i], props[i + 1]));
        }
        return new EndUser(keyId, name, list);
    }
}
