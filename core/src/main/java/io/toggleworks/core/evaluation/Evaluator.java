package io.toggleworks.core.evaluation;

import io.toggleworks.core.cache.IdentityCache;
import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.segment.Segment;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates flags exactly as FeatBit's Evaluation Server does (evaluation-server.md §5): archived, disabled, target
 * users, rules in order, fallthrough, percentage dispatch, experiment sampling and FeatBit's match reasons.
 *
 * <p>Thread-safe; share one instance. Each flag and segment instance is compiled on first use (parsed numbers, lists,
 * regular expressions, prebuilt results) and the compiled form is cached by identity, so repeated evaluations of the
 * same instances allocate nothing in the common paths. Replacing a flag by a new record simply compiles the new one.
 */
public final class Evaluator {
    /** Regular expressions get this long per match; FeatBit has no limit, a catastrophic pattern would stall a thread. */
    public static final Duration DEFAULT_REGEX_TIME_LIMIT = Duration.ofMillis(100);

    private final IdentityCache<FeatureFlag, CompiledFlag> flags;
    private final IdentityCache<Segment, CompiledSegment> segments;
    private final long regexTimeLimitNanos;

    public Evaluator() {
        this(DEFAULT_REGEX_TIME_LIMIT, 8192);
    }

    /**
     * @param regexTimeLimit how long one regular-expression match may run before the condition counts as not matching
     * @param cacheCapacity  how many compiled flags (and, separately, segments) to keep
     */
    public Evaluator(Duration regexTimeLimit, int cacheCapacity) {
        this.regexTimeLimitNanos = regexTimeLimit.toNanos();
        this.flags = new IdentityCache<>(cacheCapacity);
        this.segments = new IdentityCache<>(cacheCapacity);
    }

    public EvaluationResult evaluate(FeatureFlag flag, EndUser user, SegmentLookup segmentLookup) {
        return flags.get(flag, CompiledFlag::compile).evaluate(user, segmentLookup, this);
    }

    /** Segment membership (evaluation-server.md §5.2); a segment the lookup cannot find matches nobody (ADR 0011). */
    boolean isInSegment(String segmentId, EndUser user, SegmentLookup segmentLookup) {
        Optional<Segment> segment = segmentLookup.find(segmentId);
        if (segment.isEmpty()) {
            return false;
        }
        return segments.get(segment.get(), CompiledSegment::compile).matches(user, segmentLookup, this);
    }

    /** 1 if {@code pattern} is found in {@code input} (search semantics, as .NET's IsMatch), 0 if not, -1 on timeout. */
    int find(Pattern pattern, String input) {
        Matcher m = pattern.matcher(new Deadline(input, System.nanoTime() + regexTimeLimitNanos));
        try {
            return m.find() ? 1 : 0;
        } catch (Deadline.Exceeded | StackOverflowError e) {
            return -1;
        }
    }

    /** A string view whose reads fail once the deadline passes: java.util.regex cannot be interrupted otherwise. */
    private static final class Deadline implements CharSequence {
        private static final Exceeded EXCEEDED = new Exceeded();

        private final String s;
        private final long deadline;
        private int reads;

        Deadline(String s, long deadline) {
            this.s = s;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0 && System.nanoTime() - deadline > 0) {
                throw EXCEEDED;
            }
            return s.charAt(index);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }

        static final class Exceeded extends RuntimeException {
            Exceeded() {
                super("regular expression time limit exceeded", null, false, false);
            }
        }
    }
}
