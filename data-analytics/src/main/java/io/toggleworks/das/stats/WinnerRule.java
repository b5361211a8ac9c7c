package io.toggleworks.das.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * FeatBit's winner rule and output order: significant arms sorted by ascending lift, then the others in their
 * original order. With "lower is better" (success criteria 2) the smallest lift wins if it is negative; otherwise
 * (and, FeatBit's quirk kept for compatibility, also with criteria 2 when no lift is negative) the largest lift wins
 * if it is positive.
 */
public final class WinnerRule {
    public static final int HIGHER_IS_BETTER = 1;
    public static final int LOWER_IS_BETTER = 2;

    private WinnerRule() {
    }

    public static List<Verdict> apply(List<Verdict> verdicts, int successCriteria) {
        List<Verdict> significant = new ArrayList<>();
        List<Verdict> others = new ArrayList<>();
        for (Verdict v : verdicts) {
            (v.significant() ? significant : others).add(v);
        }
        significant.sort(Comparator.comparingDouble(Verdict::delta));
        if (!significant.isEmpty()) {
            int last = significant.size() - 1;
            if (successCriteria == LOWER_IS_BETTER && significant.getFirst().delta() < 0) {
                significant.set(0, significant.getFirst().asWinner());
            } else if (significant.get(last).delta() > 0) {
                significant.set(last, significant.get(last).asWinner());
            }
        }
        List<Verdict> ordered = new ArrayList<>(significant);
        ordered.addAll(others);
        return List.copyOf(ordered);
    }
}
