package io.toggleworks.api.iam;

import java.util.List;

/** FeatBit's {@code IsAllowed(statements, rn, permission)} (api.md §3.14): explicit deny wins, no match denies. */
public final class PermissionEvaluator {
    private PermissionEvaluator() {
    }

    public static boolean isAllowed(List<PolicyStatement> statements, String rn, String action) {
        List<PolicyStatement> matched = statements.stream().filter(s -> applies(s, rn, action)).toList();
        return !matched.isEmpty() && matched.stream().allMatch(PolicyStatement::allows);
    }

    private static boolean applies(PolicyStatement s, String rn, String action) {
        // FeatBit: resourceType "*" applies whatever its actions and resources (how Owner grants everything).
        if ("*".equals(s.resourceType())) {
            return true;
        }
        boolean actionMatches = s.actions().stream().anyMatch(a -> a.equals("*") || a.equals(action));
        return actionMatches && s.resources().stream().anyMatch(pattern -> ResourceNameMatcher.matches(pattern, rn));
    }
}
