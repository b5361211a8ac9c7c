package io.toggleworks.core.evaluation;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static io.toggleworks.core.evaluation.Operators.*;

/**
 * A condition with its value parsed once: numbers, JSON lists, regular expressions and segment ids are prepared when
 * the flag is first evaluated, so evaluating allocates nothing but what a regex match needs.
 *
 * <p>Where FeatBit's ELS throws (invalid list JSON, invalid regex, an unknown segment), the condition does not match:
 * see docs/adr/0011-core-evaluation-robustness.md.
 */
abstract sealed class CompiledCondition {

    abstract boolean matches(EndUser user, SegmentLookup segments, Evaluator evaluator);

    /** A condition of a flag rule: segment conditions are recognised by their property alone, as FeatBit does. */
    static CompiledCondition ofRule(Condition c) {
        if (Condition.IS_IN_SEGMENT.equals(c.property())) {
            return InSegment.of(c.value(), false);
        }
        if (Condition.IS_NOT_IN_SEGMENT.equals(c.property())) {
            return InSegment.of(c.value(), true);
        }
        return ofAttribute(c);
    }

    /** A condition of a segment rule: FeatBit applies ordinary operators only. */
    static CompiledCondition ofAttribute(Condition c) {
        String op = c.op();
        String v = c.value();
        if (op == null || v == null) {
            return Never.INSTANCE; // unknown operator, or FeatBit's null precondition on the condition value
        }
        Attribute a = Attribute.of(c.property());
        return switch (op) {
            case LESS_THAN, LESS_EQUAL_THAN, BIGGER_THAN, BIGGER_EQUAL_THAN -> Numeric.of(a, op, v);
            case EQUAL -> new Text(a, Text.EQUAL, v);
            case NOT_EQUAL -> new Text(a, Text.NOT_EQUAL, v);
            case CONTAINS -> new Text(a, Text.CONTAINS, v);
            case NOT_CONTAIN -> new Text(a, Text.NOT_CONTAIN, v);
            case STARTS_WITH -> new Text(a, Text.STARTS_WITH, v);
            case ENDS_WITH -> new Text(a, Text.ENDS_WITH, v);
            case IS_TRUE -> new Text(a, Text.EQUALS_IGNORE_CASE, "true");
            case IS_FALSE -> new Text(a, Text.EQUALS_IGNORE_CASE, "false");
            case MATCH_REGEX -> Regex.of(a, v, false);
            case NOT_MATCH_REGEX -> Regex.of(a, v, true);
            case IS_ONE_OF -> OneOf.of(a, v, false);
            case NOT_ONE_OF -> OneOf.of(a, v, true);
            default -> Never.INSTANCE;
        };
    }

    /** Parses a JSON array of strings (null elements kept as null); null for the text {@code null}; throws if invalid. */
    static String[] stringArray(String json) {
        JsonNode node = Json.tree(json);
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("no JSON value");
        }
        if (node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("not a JSON array");
        }
        String[] out = new String[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = node.get(i);
            if (e.isNull()) {
                out[i] = null;
            } else if (e.isString()) {
                out[i] = e.asString();
            } else {
                throw new IllegalArgumentException("not a string element");
            }
        }
        return out;
    }

    static final class Never extends CompiledCondition {
        static final Never INSTANCE = new Never();

        @Override
        boolean matches(EndUser user, SegmentLookup segments, Evaluator evaluator) {
            return false;
        }
    }

    static final class Numeric extends CompiledCondition {
        private final Attribute attribute;
        private final int comparison; // 0 <, 1 <=, 2 >, 3 >=
        private final double value;

        private Numeric(Attribute attribute, int comparison, double value) {
            this.attribute = attribute;
            this.comparison = comparison;
            this.value = value;
        }

        static CompiledCondition of(Attribute a, String op, String v) {
            double d = DotNetDouble.parse(v);
            if (Double.isNaN(d)) {
                return Never.INSTANCE;
            }
            int cmp = switch (op) {
                case LESS_THAN -> 0;
                case LESS_EQUAL_THAN -> 1;
                case BIGGER_THAN -> 2;
                default -> 3;
            };
            return new Numeric(a, cmp, d);
        }

        @Override
        boolean matches(EndUser user, SegmentLookup segments, Evaluator evaluator) {
            double u = DotNetDouble.parse(attribute.valueOf(user)); // null → NaN
            if (Double.isNaN(u)) {
                return false;
            }
            // Primitive comparisons: -0.0 equals 0.0, as .NET's CompareTo has it (Double.compare would not).
            return switch (comparison) {
                case 0 -> u < value;
                case 1 -> u <= value;
                case 2 -> u > value;
                default -> u >= value;
            };
        }
    }

    static final class Text extends CompiledCondition {
        static final int EQUAL = 0;
        static final int NOT_EQUAL = 1;
        static final int CONTAINS = 2;
        static final int NOT_CONTAIN = 3;
        static final int STARTS_WITH = 4;
        static final int ENDS_WITH = 5;
        static final int EQUALS_IGNORE_CASE = 6;

        private final Attribute attribute;
        private final int kind;
        private final String value;

        Text(Attribute attribute, int kind, String value) {
            this.attribute = attribute;
            this.kind = kind;
            this.value = value;
        }

        @Override
        boolean matches(EndUser user, SegmentLookup segments, Evaluator evaluator) {
            String u = attribute.valueOf(user);
            if (u == null) {
                return false;
            }
            return switch (kind) {
                case EQUAL -> u.equals(value);
                case NOT_EQUAL -> !u.equals(value);
                case CONTAINS -> u.contains(value);
                case NOT_CONTAIN -> !u.contains(value);
                // FeatBit compares culture-sensitively; ordinal differs only for ignorable code points (ADR 0012).
                case STARTS_WITH -> u.startsWith(value);
                case ENDS_WITH -> u.endsWith(value);
                default -> u.equalsIgnoreCase(value);
            };
        }
    }

    static final class Regex extends CompiledCondition {
        // .NET defaults: \d \w \s are Unicode-aware; '.' excludes only '\n'; '$' matches before a final '\n'.
        private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES;

        private final Attribute attribute;
        private final Pattern pattern;
        private final boolean negate;

        private Regex(Attribute attribute, Pattern pattern, boolean negate) {
            this.attribute = attribute;
            this.pattern = pattern;
            this.negate = negate;
        }

        static CompiledCondition of(Attribute a, String v, boolean negate) {
            try {
                return new Regex(a, Pattern.compile(v, FLAGS), negate);
            } catch (PatternSyntaxException | StackOverflowError e) {
                return Never.INSTANCE;
            }
        }

        @Override
        boolean matches(EndUser user, SegmentLookup segments, Evaluator evaluator) {
            String u = attribute.valueOf(user);
            if (u == null) {
                return false;
            }
            int found = evaluator.find(pattern, u);
            if (found < 0) {
                return false; // time limit exceeded: neither operator matches
            }
            return (found == 1) != negate;
        }
    }

    static final class OneOf extends CompiledCondition {
        private final Attribute attribute;
        private final Set<String> values; // null: the condition text was JSON null
        private final boolean negate;

        private OneOf(Attribute attribute, Set<String> values, boolean negate) {
            this.attribute = attribute;
            this.values = values;
            this.negate = negate;
        }

        static CompiledCondition of(Attribute a, String v, boolean negate) {
            String[] items;
            try {
                items = stringArray(v);
            } catch (JacksonException | IllegalArgumentException e) {
                return Never.INSTANCE;
            }
            Set<String> set = null;
            if (items != null) {
                set = new HashSet<>();
                for (String s : items) {
                    if (s != null) {
                        set.add(s);
                    }
                }
            }
            return new OneOf(a, set, negate);
        }

        @Override
        boolean matches(EndUser user, SegmentLookup segments, Evaluator evaluator) {
            String u = attribute.valueOf(user);
            if (u == null) {
                return false;
            }
            boolean in = values != null && values.contains(u);
            return in != negate;
        }
    }

    static final class InSegment extends CompiledCondition {
        private static final String[] NONE = new String[0];

        private final String[] segmentIds;
        private final boolean negate;

        private InSegment(String[] segmentIds, boolean negate) {
            this.segmentIds = segmentIds;
            this.negate = negate;
        }

        static CompiledCondition of(String v, boolean negate) {
            if (v == null) {
                return Never.INSTANCE;
            }
            try {
                String[] ids = stringArray(v);
                return new InSegment(ids == null ? NONE : ids, negate);
            } catch (JacksonException | IllegalArgumentException e) {
                return Never.INSTANCE;
            }
        }

        @Override
        boolean matches(EndUser user, SegmentLookup segments, Evaluator evaluator) {
            boolean any = false;
            for (String id : segmentIds) {
                if (id != null && evaluator.isInSegment(id, user, segments)) {
                    any = true;
                    break;
                }
            }
            return any != negate;
        }
    }
}
