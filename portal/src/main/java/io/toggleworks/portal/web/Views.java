package io.toggleworks.portal.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formatting helpers the templates call. */
public final class Views {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private Views() {}

    public static String dateTime(Instant t) {
        return t == null ? "—" : DATE_TIME.format(t) + " UTC";
    }

    /** "3 minutes ago"-style text for recent events, a date for old ones. */
    public static String ago(Instant t) {
        if (t == null) return "—";
        Duration d = Duration.between(t, Instant.now());
        if (d.isNegative() || d.toSeconds() < 60) return "just now";
        if (d.toMinutes() < 60) return plural(d.toMinutes(), "minute") + " ago";
        if (d.toHours() < 24) return plural(d.toHours(), "hour") + " ago";
        if (d.toDays() < 30) return plural(d.toDays(), "day") + " ago";
        return DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(t);
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    public static boolean isHtmx(jakarta.servlet.http.HttpServletRequest request) {
        return request.getHeader("HX-Request") != null;
    }

    public static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
