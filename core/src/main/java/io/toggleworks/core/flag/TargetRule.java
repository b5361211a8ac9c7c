package io.toggleworks.core.flag;

import java.util.List;

/**
 * A targeting rule: when every condition matches, the user is dispatched over {@code variations} by the value of
 * {@code dispatchKey} (the user's keyId when blank). {@code name} is the match reason FeatBit reports.
 */
public record TargetRule(
        String id,
        String name,
        String dispatchKey,
        boolean includedInExpt,
        List<Condition> conditions,
        List<RolloutVariation> variations) {
    public TargetRule {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        variations = variations == null ? List.of() : List.copyOf(variations);
    }
}
