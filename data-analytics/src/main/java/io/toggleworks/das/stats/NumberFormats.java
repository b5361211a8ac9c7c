package io.toggleworks.das.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The two ways FeatBit's DAS turns a double into text: statistics in responses are NumPy
 * {@code format_float_positional(x, precision=5, trim='-')} (plain notation, at most 5 decimals, trailing zeros and a
 * trailing point trimmed), and numbers inside reason strings are Python's {@code repr} (shortest round-trip digits,
 * exponent notation below 1e-4 and from 1e16).
 */
public final class NumberFormats {
    private NumberFormats() {
    }

    /** {@code "0.12"}, {@code "-0.01234"}, {@code "36"}, {@code "0"}, {@code "nan"}, {@code "inf"}. */
    public static String positional(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        // NumPy rounds the exact binary value (0.123455 is stored as 0.1234549999... and prints "0.12345").
        BigDecimal rounded = new BigDecimal(Math.abs(value)).setScale(5, RoundingMode.HALF_EVEN);
        String text = rounded.stripTrailingZeros().toPlainString();
        if (rounded.signum() == 0) {
            text = "0";
        }
        boolean negative = value < 0 || (value == 0 && 1 / value < 0);
        return negative ? "-" + text : text;
    }

    /** Python's {@code repr(float)}: {@code 0.05}, {@code 36.0}, {@code 1e-05}, {@code 1.5e+16}. */
    public static String pythonRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        // Java's Double.toString yields the shortest round-trip digits (JDK 19+); only the layout differs.
        BigDecimal shortest = new BigDecimal(Double.toString(value));
        String sign = value < 0 ? "-" : "";
        BigDecimal abs = shortest.abs().stripTrailingZeros();
        String digits = abs.unscaledValue().toString();
        int exponent = digits.length() - 1 - abs.scale();
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
            return sign + mantissa + "e" + exp;
        }
        String plain = abs.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
