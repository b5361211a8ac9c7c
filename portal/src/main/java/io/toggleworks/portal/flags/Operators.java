package io.toggleworks.portal.flags;

import java.util.List;

/** The 16 condition operators (exact wire strings, api.md §3.6) and how the editors label them. */
public final class Operators {
    public record Op(String value, String label, boolean multi, boolean noValue) {}

    public static final String IN_SEGMENT = "User is in segment";
    public static final String NOT_IN_SEGMENT = "User is not in segment";

    public static final List<Op> ALL = List.of(
            new Op("Equal", "is", false, false),
            new Op("NotEqual", "is not", false, false),
            new Op("IsOneOf", "is one of", true, false),
            new Op("NotOneOf", "is not one of", true, false),
            new Op("Contains", "contains", false, false),
            new Op("NotContain", "does not contain", false, false),
            new Op("StartsWith", "starts with", false, false),
            new Op("EndsWith", "ends with", false, false),
            new Op("MatchRegex", "matches regex", false, false),
            new Op("NotMatchRegex", "does not match regex", false, false),
            new Op("LessThan", "<  (number)", false, false),
            new Op("LessEqualThan", "≤  (number)", false, false),
            new Op("BiggerThan", ">  (number)", false, false),
            new Op("BiggerEqualThan", "≥  (number)", false, false),
            new Op("IsTrue", "is true", false, true),
            new Op("IsFalse", "is false", false, true));

    private Operators() {}

    public static boolean isSegmentProperty(String property) {
        return IN_SEGMENT.equals(property) || NOT_IN_SEGMENT.equals(property);
    }

    public static Op of(String op) {
        return ALL.stream().filter(o -> o.value().equals(op)).findFirst().orElse(ALL.getFirst());
    }

    public static String label(String op) {
        return ALL.stream().filter(o -> o.value().equals(op)).map(Op::label).findFirst().orElse(op);
    }
}
