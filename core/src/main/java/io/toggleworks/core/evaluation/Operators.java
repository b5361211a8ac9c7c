package io.toggleworks.core.evaluation;

/** FeatBit's operator names, exactly as stored in conditions (evaluation-server.md §5.4). */
final class Operators {
    static final String LESS_THAN = "LessThan";
    static final String LESS_EQUAL_THAN = "LessEqualThan";
    static final String BIGGER_THAN = "BiggerThan";
    static final String BIGGER_EQUAL_THAN = "BiggerEqualThan";
    static final String EQUAL = "Equal";
    static final String NOT_EQUAL = "NotEqual";
    static final String CONTAINS = "Contains";
    static final String NOT_CONTAIN = "NotContain";
    static final String STARTS_WITH = "StartsWith";
    static final String ENDS_WITH = "EndsWith";
    static final String MATCH_REGEX = "MatchRegex";
    static final String NOT_MATCH_REGEX = "NotMatchRegex";
    static final String IS_ONE_OF = "IsOneOf";
    static final String NOT_ONE_OF = "NotOneOf";
    static final String IS_TRUE = "IsTrue";
    static final String IS_FALSE = "IsFalse";

    private Operators() {
    }
}
