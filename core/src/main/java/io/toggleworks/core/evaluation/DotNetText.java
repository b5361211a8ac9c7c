package io.toggleworks.core.evaluation;

/** The few .NET string predicates whose Java counterparts differ. */
final class DotNetText {
    private DotNetText() {
    }

    /** {@code string.IsNullOrWhiteSpace}: .NET's {@code char.IsWhiteSpace} counts no-break spaces, Java's does not. */
    static boolean isNullOrWhiteSpace(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isWhiteSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isWhiteSpace(char c) {
        if (c == ' ' || (c >= '\t' && c <= '\r') || c == '\u0085' || c == '\u00A0') {
            return true;
        }
        if (c < '\u1680') {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
