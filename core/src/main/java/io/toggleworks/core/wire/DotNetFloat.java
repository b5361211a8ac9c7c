package io.toggleworks.core.wire;

import java.math.BigDecimal;

/**
 * .NET's default text of a 32-bit float ({@code float.ToString()} since .NET Core 3.0): the shortest round-trip
 * digits, in fixed notation unless it needs more integer digits than max(7, its digit count) or is below 1E-04;
 * then {@code 1E+20} style.
 * FeatBit writes a metric's value this way into {@code tag_1}.
 */
final class DotNetFloat {
    private static final int PRECISION = 7;

    private DotNetFloat() {
    }

    static String toString(float f) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "∞" : "-∞";
        }
        if (f == 0) {
            return (1 / f < 0) ? "-0" : "0";
        }
        // Float.toString gives the shortest round-trip digits (JDK 19+).
        BigDecimal d = new BigDecimal(Float.toString(f)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int scale = digits.length() - d.scale(); // position of the decimal point relative to the first digit
        String sign = d.signum() < 0 ? "-" : "";
        // .NET switches to exponent form past max(digit count, 7) integer digits, or below 1E-04.
        if (scale > Math.max(digits.length(), PRECISION) || scale < -3) {
            int exp = scale - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "E" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return sign + d.abs().toPlainString();
    }
}
