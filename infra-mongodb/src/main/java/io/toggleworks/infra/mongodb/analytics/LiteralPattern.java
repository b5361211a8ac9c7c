package io.toggleworks.infra.mongodb.analytics;

/**
 * A user's search text as a regular expression that matches it literally. FeatBit's Mongo DAS passes the text as a
 * pattern unescaped, so "a.b" also finds "axb" and "(" fails the query; we escape every character that has a
 * meaning in PCRE (MongoDB) or java.util.regex (test servers), which both read a backslash before punctuation as the
 * character itself.
 */
final class LiteralPattern {
    private static final String SPECIAL = "\\^$.|?*+()[]{}-/#&~<>=!:,'\"@%`";

    private LiteralPattern() {
    }

    static String of(String text) {
        StringBuilder b = new StringBuilder(text.length() * 2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (SPECIAL.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
