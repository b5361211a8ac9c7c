package io.toggleworks.core.evaluation;

import io.toggleworks.core.enduser.EndUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static io.toggleworks.core.evaluation.TestFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

/** evaluation-server.md §8.6 (FeatBit's operator truth table) and the additional ELS-semantics cases. */
class OperatorTest {
    private final Evaluator evaluator = new Evaluator();

    private boolean matches(EndUser user, String property, String op, String value) {
        var r = evaluator.evaluate(withRule(cond(property, op, value)), user, SegmentLookup.NONE);
        return "the rule".equals(r.matchReason());
    }

    private boolean matches(String userValue, String op, String value) {
        return matches(user("u1", "n", "attr", userValue), "attr", op, value);
    }

    @ParameterizedTest(name = "{0} {1} {2} → {3}")
    @CsvSource(delimiter = '|', value = {
            "10|BiggerThan|9|true", "10|BiggerThan|11|false", "10|BiggerEqualThan|10|true", "10|BiggerEqualThan|11|false",
            "10|LessThan|11|true", "10|LessThan|9|false", "10|LessEqualThan|10|true", "10|LessEqualThan|9|false",
            "v1.0.0|Equal|v1.0.0|true", "v1.1.0|Equal|v1.0.0|false", "v1.1.0|NotEqual|v1.1.0|false", "v1.1.0|NotEqual|v1.0.0|true",
            "vvip|Contains|vip|true", "vvip|Contains|sv|false", "svip|NotContain|vv|true", "svip|NotContain|vip|false",
            "abc|StartsWith|ab|true", "abc|StartsWith|b|false", "abc|EndsWith|bc|true", "abc|EndsWith|cd|false",
            "color|MatchRegex|colou?r|true", "colour|MatchRegex|colorr?|false",
            "colouur|NotMatchRegex|colou?r|true", "color|NotMatchRegex|colou?r|false",
            "a|IsOneOf|[\"a\", \"b\"]|true", "c|IsOneOf|[\"a\", \"b\"]|false", "c|NotOneOf|[\"a\", \"b\"]|true", "a|NotOneOf|[\"a\", \"b\"]|false",
            "true|IsTrue|''|true", "TRue|IsTrue|''|true", "false|IsFalse|''|true", "falSE|IsFalse|''|true",
            "not-true-string|IsTrue|''|false", "not-false-string|IsFalse|''|false"})
    void featBitsOperatorTable(String userValue, String op, String value, boolean expected) {
        assertThat(matches(userValue, op, value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} {2} → {3}")
    @CsvSource(delimiter = '|', value = {
            "1,000|BiggerThan|999|true", "12abc|BiggerThan|1|false", "' 5 '|Equal|5|false", "' 5 '|LessEqualThan|5|true",
            "abc|MatchRegex|b|true", "-0|BiggerEqualThan|0|true", "-0|LessThan|0|false", "0|LessEqualThan|-0|true",
            "1e3|Equal|1000|false", "1e3|BiggerEqualThan|1000|true", "Infinity|BiggerThan|1e308|true", "NaN|LessThan|1|false",
            "NaN|BiggerEqualThan|NaN|false", "5|LessThan|abc|false", "5|BiggerThan|abc|false",
            "Abc|Equal|abc|false", "ABC|Contains|b|false", "x|Contains|''|true", "x|NotContain|''|false",
            "٣|MatchRegex|^\\d$|true", "é|MatchRegex|^\\w$|true",
            "a|IsOneOf|null|false", "a|NotOneOf|null|true", "a|IsOneOf|[]|false", "a|NotOneOf|[]|true",
            "a|IsOneOf|[\"a\",null]|true", "A|IsOneOf|[\"a\"]|false",
            "a|IsOneOf|not json|false", "a|NotOneOf|not json|false", "a|IsOneOf|[\"a\",1]|false", "a|NotOneOf|[1]|false",
            "a|IsOneOf|''|false", "a|NotOneOf|{}|false",
            "a|MatchRegex|(|false", "a|NotMatchRegex|(|false",
            "a|UnknownOp|a|false", "true|IsTrue|IsTrue|true", "yes|IsTrue|IsTrue|false", "FALSE|IsFalse|IsFalse|true"})
    void additionalElsSemantics(String userValue, String op, String value, boolean expected) {
        assertThat(matches(userValue, op, value)).isEqualTo(expected);
    }

    @Test
    void regexLineHandlingFollowsDotNet() {
        assertThat(matches("a\n", "MatchRegex", "a$")).isTrue(); // '$' matches before a final newline
        assertThat(matches("a\nb", "MatchRegex", "a.b")).isFalse(); // '.' excludes '\n'
        assertThat(matches("a\rb", "MatchRegex", "a.b")).isTrue(); // ... and only '\n'
        assertThat(matches("a\u2028b", "MatchRegex", "a.b")).isTrue();
    }

    @Test
    void missingAttributesReadAsEmptyText() {
        EndUser bare = user("u1", "n");
        assertThat(matches(bare, "missing", "NotEqual", "x")).isTrue();
        assertThat(matches(bare, "missing", "Equal", "")).isTrue();
        assertThat(matches(bare, "missing", "Contains", "x")).isFalse();
        assertThat(matches(bare, "missing", "NotContain", "x")).isTrue();
        assertThat(matches(bare, "missing", "BiggerThan", "-1")).isFalse();
        assertThat(matches(bare, "missing", "NotOneOf", "[\"a\"]")).isTrue();
        assertThat(matches(bare, "missing", "IsOneOf", "[\"\"]")).isTrue();
        assertThat(matches(user("u1", "n", "nullValued", null), "nullValued", "Equal", "")).isTrue();
    }

    @Test
    void nullNamesFailEveryOperatorIncludingNegatedOnes() {
        EndUser noName = user("u1", null);
        for (String op : new String[]{"NotEqual", "NotContain", "NotOneOf", "NotMatchRegex", "IsTrue", "IsFalse", "Equal"}) {
            assertThat(matches(noName, "name", op, op.equals("NotOneOf") ? "[\"x\"]" : "x")).as(op).isFalse();
        }
        assertThat(matches(user("u1", "bob"), "name", "NotEqual", "x")).isTrue();
    }

    @Test
    void nullConditionValuesNeverMatch() {
        assertThat(matches("a", "NotEqual", null)).isFalse();
        assertThat(matches("a", "NotOneOf", null)).isFalse();
        assertThat(matches("a", null, "a")).isFalse();
    }

    @Test
    void builtInAttributesAreCaseSensitiveAndFirstCustomPropertyWins() {
        EndUser u = user("key-1", "Alice", "country", "fr", "country", "us", "KeyId", "custom");
        assertThat(matches(u, "keyId", "Equal", "key-1")).isTrue();
        assertThat(matches(u, "name", "Equal", "Alice")).isTrue();
        assertThat(matches(u, "KeyId", "Equal", "custom")).isTrue();
        assertThat(matches(u, "keyid", "Equal", "")).isTrue(); // not a built-in: a missing custom property
        assertThat(matches(u, "country", "Equal", "fr")).isTrue();
        assertThat(matches(u, "  ", "Equal", "")).isTrue(); // blank property reads as ""
        assertThat(matches(u, null, "Equal", "")).isTrue();
        assertThat(matches(u, "\u00A0", "Equal", "")).isTrue(); // .NET counts no-break space as white space
    }

    @Test
    void catastrophicRegexesTimeOutAsNonMatches() {
        Evaluator strict = new Evaluator(Duration.ofMillis(50), 64);
        // Backreferences defeat java.util.regex's memoization: exponential backtracking (seconds at 32 chars).
        var flag = withRule(cond("attr", "MatchRegex", "^(a+)+\\1$"));
        var notFlag = withRule(cond("attr", "NotMatchRegex", "^(a+)+\\1$"));
        EndUser evil = user("u1", "n", "attr", "a".repeat(32) + "b");
        assertThat(strict.evaluate(flag, evil, SegmentLookup.NONE).matchReason()).isEqualTo("default");
        assertThat(strict.evaluate(notFlag, evil, SegmentLookup.NONE).matchReason()).isEqualTo("default");
        assertThat(strict.evaluate(flag, user("u1", "n", "attr", "aaaa"), SegmentLookup.NONE).matchReason()).isEqualTo("the rule");
    }
}
