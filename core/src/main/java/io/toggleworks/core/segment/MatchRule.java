package io.toggleworks.core.segment;

import io.toggleworks.core.flag.Condition;

import java.util.List;

/** A segment rule: a user is in the segment when every condition matches. */
public record MatchRule(String id, String name, List<Condition> conditions) {
    public MatchRule {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
}
