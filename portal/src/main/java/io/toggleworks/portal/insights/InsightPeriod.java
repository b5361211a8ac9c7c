package io.toggleworks.portal.insights;

import java.time.Duration;
import java.util.List;

/**
 * The periods the insights tab offers, each with the bucket sizes that give a readable chart (24 to about 170 bars);
 * the first is the default. Anything else in the query string falls back to the default, never to an error.
 */
public enum InsightPeriod {
    LAST_24_HOURS("24h", "Last 24 hours", Duration.ofHours(24), List.of(Interval.HOUR)),
    LAST_7_DAYS("7d", "Last 7 days", Duration.ofDays(7), List.of(Interval.DAY, Interval.HOUR)),
    LAST_30_DAYS("30d", "Last 30 days", Duration.ofDays(30), List.of(Interval.DAY, Interval.WEEK));

    public enum Interval {
        HOUR("Hourly", Duration.ofHours(1)), DAY("Daily", Duration.ofDays(1)), WEEK("Weekly", Duration.ofDays(7));

        public final String label;
        public final Duration step;

        Interval(String label, Duration step) {
            this.label = label;
            this.step = step;
        }
    }

    public final String code;
    public final String label;
    public final Duration length;
    public final List<Interval> intervals;

    InsightPeriod(String code, String label, Duration length, List<Interval> intervals) {
        this.code = code;
        this.label = label;
        this.length = length;
        this.intervals = intervals;
    }

    public static InsightPeriod of(String code) {
        for (InsightPeriod p : values()) if (p.code.equalsIgnoreCase(code)) return p;
        return LAST_24_HOURS;
    }

    public Interval interval(String name) {
        for (Interval i : intervals) if (i.name().equalsIgnoreCase(name)) return i;
        return intervals.getFirst();
    }
}
