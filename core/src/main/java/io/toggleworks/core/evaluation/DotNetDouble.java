package io.toggleworks.core.evaluation;

/**
 * .NET's {@code double.TryParse(s)} under the invariant culture (styles {@code Float | AllowThousands}), as FeatBit's
 * numeric operators use it (evaluation-server.md §5.4): surrounding white space ({@code U+0009-U+000D}, space), a
 * leading sign, digits with {@code ,} group separators anywhere after the first integer digit, an optional
 * {@code .} fraction, an optional exponent, and the symbols {@code Infinity}, {@code -Infinity}, {@code NaN}
 * (any case). Java's {@code Double.parseDouble} accepts a different language (hex, {@code d}/{@code f} suffixes,
 * no group separators), hence this hand-written parser. It allocates nothing for ordinary numbers.
 */
final class DotNetDouble {
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private DotNetDouble() {
    }

    /** The parsed value, or NaN when the text is not a number (FeatBit rejects NaN results as well). */
    static double parse(String s) {
        if (s == null) {
            return Double.NaN;
        }
        int n = s.length();
        int i = 0;
        while (i < n && isWhite(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int fractionDigits = 0;
        boolean digits = false;
        boolean fraction = false;
        int start = i;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
                if (significant > 0 || c != '0') {
                    significant++;
                }
                if (significant <= 18) {
                    mantissa = mantissa * 10 + (c - '0');
                }
                if (fraction) {
                    fractionDigits++;
                }
            } else if (c == '.' && !fraction) {
                fraction = true;
            } else if (c == ',' && digits && !fraction) {
                // group separator: ignored
            } else {
                break;
            }
        }
        if (!digits) {
            return symbol(s);
        }
        int end = i;
        long exponent = 0;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            boolean negExp = false;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                negExp = s.charAt(j) == '-';
                j++;
            }
            if (j < n && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                while (j < n && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                    if (exponent < 1_000_000) {
                        exponent = exponent * 10 + (s.charAt(j) - '0');
                    }
                    j++;
                }
                exponent = negExp ? -exponent : exponent;
                i = j;
            } // else: the 'e' is not part of the number, and what follows makes the text invalid
        }
        while (i < n && isWhite(s.charAt(i))) {
            i++;
        }
        while (i < n && s.charAt(i) == '\0') {
            i++; // .NET tolerates trailing NUL characters
        }
        if (i != n) {
            return symbol(s);
        }
        double value;
        long scale = exponent - fractionDigits;
        if (significant <= 15 && scale >= -22 && scale <= 22) {
            // Both operands are exact doubles, so one IEEE operation rounds correctly.
            value = scale >= 0 ? mantissa * POW10[(int) scale] : mantissa / POW10[(int) -scale];
        } else {
            value = slowPath(s, start, end, exponent);
        }
        return negative ? -value : value;
    }

    private static double slowPath(String s, int start, int end, long exponent) {
        StringBuilder sb = new StringBuilder(end - start + 12);
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (c != ',') {
                sb.append(c);
            }
        }
        if (sb.charAt(0) == '.') {
            sb.insert(0, '0');
        }
        sb.append('e').append(exponent);
        return Double.parseDouble(sb.toString());
    }

    private static double symbol(String s) {
        String t = trim(s);
        if (t.equalsIgnoreCase("Infinity") || t.equalsIgnoreCase("+Infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        if (t.equalsIgnoreCase("-Infinity")) {
            return Double.NEGATIVE_INFINITY;
        }
        return Double.NaN; // "NaN", "+NaN", "-NaN" and everything else: no usable number
    }

    private static String trim(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && DotNetText.isWhiteSpace(s.charAt(a))) {
            a++;
        }
        while (b > a && DotNetText.isWhiteSpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean isWhite(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
