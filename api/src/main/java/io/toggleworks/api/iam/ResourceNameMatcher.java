package io.toggleworks.api.iam;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches an RN pattern from a policy statement against a concrete resource name (api.md §3.14). An RN is
 * {@code type/key[;tag1,tag2]} segments joined by {@code :}; {@code *} in a pattern matches any characters.
 * A pattern with fewer segments covers everything below it; one with more segments never matches.
 */
public final class ResourceNameMatcher {
    private ResourceNameMatcher() {
    }

    public static boolean matches(String pattern, String rn) {
        if (pattern == null || rn == null || pattern.isEmpty() || rn.isEmpty()) {
            return false;
        }
        String[] patternSegments = pattern.split(":", -1);
        String[] rnSegments = rn.split(":", -1);
        if (patternSegments.length > rnSegments.length) {
            return false;
        }
        for (int i = 0; i < patternSegments.length; i++) {
            if (!segmentMatches(patternSegments[i], rnSegments[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean segmentMatches(String pattern, String segment) {
        Segment p = Segment.parse(pattern);
        Segment s = Segment.parse(segment);
        if (!wildcard(p.path, s.path)) {
            return false;
        }
        if (p.tags.isEmpty()) {
            return true;
        }
        // Tags are OR-ed: one pattern tag matching one resource tag is enough.
        for (String pt : p.tags) {
            for (String st : s.tags) {
                if (wildcard(pt, st)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Anchored, case-sensitive glob with {@code *} only; iterative so hostile patterns cannot blow up. */
    static boolean wildcard(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private record Segment(String path, List<String> tags) {
        static Segment parse(String raw) {
            int semi = raw.indexOf(';');
            if (semi < 0) {
                return new Segment(raw, List.of());
            }
            List<String> tags = new ArrayList<>();
            for (String tag : raw.substring(semi + 1).split(",")) {
                if (!tag.isEmpty()) {
                    tags.add(tag);
                }
            }
            return new Segment(raw.substring(0, semi), tags);
        }
    }
}
