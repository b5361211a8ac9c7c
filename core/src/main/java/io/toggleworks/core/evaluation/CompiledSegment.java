package io.toggleworks.core.evaluation;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.segment.MatchRule;
import io.toggleworks.core.segment.Segment;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A segment ready for matching (evaluation-server.md §5.2): excluded beats included, included beats rules, and a
 * rule matches when all its conditions do. Key lists become hash sets, since segments may hold many thousands.
 * FeatBit's server does not consult the segment's {@code isArchived}; neither do we.
 */
final class CompiledSegment {
    private final Set<String> excluded;
    private final Set<String> included;
    private final CompiledCondition[][] rules;

    private CompiledSegment(Set<String> excluded, Set<String> included, CompiledCondition[][] rules) {
        this.excluded = excluded;
        this.included = included;
        this.rules = rules;
    }

    static CompiledSegment compile(Segment segment) {
        List<MatchRule> matchRules = segment.rules();
        CompiledCondition[][] rules = new CompiledCondition[matchRules.size()][];
        for (int i = 0; i < rules.length; i++) {
            List<Condition> conditions = matchRules.get(i).conditions();
            rules[i] = new CompiledCondition[conditions.size()];
            for (int j = 0; j < conditions.size(); j++) {
                rules[i][j] = CompiledCondition.ofAttribute(conditions.get(j));
            }
        }
        return new CompiledSegment(new HashSet<>(segment.excluded()), new HashSet<>(segment.included()), rules);
    }

    boolean matches(EndUser user, SegmentLookup segments, Evaluator evaluator) {
        String keyId = user.keyId();
        if (keyId != null) {
            if (excluded.contains(keyId)) {
                return false;
            }
            if (included.contains(keyId)) {
                return true;
            }
        }
        for (CompiledCondition[] rule : rules) {
            if (CompiledFlag.allMatch(rule, user, segments, evaluator)) {
                return true;
            }
        }
        return false;
    }
}
