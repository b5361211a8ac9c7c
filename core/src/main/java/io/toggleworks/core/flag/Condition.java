package io.toggleworks.core.flag;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One condition of a rule. {@code value} is always a string; list operators and segment conditions carry a JSON
 * array inside it. {@code op} is null for segment conditions (the property then names the segment test).
 */
public record Condition(String id, String property, String op, String value) {
    public static final String IS_IN_SEGMENT = "User is in segment";
    public static final String IS_NOT_IN_SEGMENT = "User is not in segment";

    @JsonIgnore
    public boolean isSegmentCondition() {
        return IS_IN_SEGMENT.equals(property) || IS_NOT_IN_SEGMENT.equals(property);
    }
}
