package io.toggleworks.portal.insights;

import io.toggleworks.portal.apiclient.FlagInsight;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stacked bar chart of evaluations per variation, laid out on the server so the page draws it as plain inline SVG
 * (no chart script). Coordinates are in a fixed 800×260 view box that the browser scales.
 */
public record InsightChart(List<Series> series, List<Bar> bars, List<Tick> yTicks, List<Label> xLabels, long total, long max) {
    public static final int WIDTH = 800, HEIGHT = 260;
    static final int LEFT = 52, RIGHT = 12, TOP = 14, BOTTOM = 30;
    static final int PALETTE = 8;

    /** A variation: its name, colour class and total over the period. */
    public record Series(String name, String css, long total) {}
    /** One bucket: its label and a rectangle per variation with a count (bottom to top). */
    public record Bar(String label, long total, List<Segment> segments) {}
    public record Segment(String series, String css, long count, double x, double y, double width, double height) {}
    public record Tick(double y, String text) {}
    public record Label(double x, String text) {}

    public boolean isEmpty() {
        return total == 0;
    }

    public int plotLeft() { return LEFT; }
    public int plotRight() { return WIDTH - RIGHT; }
    public int plotBottom() { return HEIGHT - BOTTOM; }

    /**
     * Lays out the API's buckets; {@code variationNames} fixes the series order and colours (the flag's variations),
     * names the API returns that the flag no longer has come after them. Buckets without data inside the range are
     * drawn as empty slots for hourly and daily charts, so gaps in traffic show as gaps.
     */
    public static InsightChart of(List<FlagInsight> insights, List<String> variationNames, InsightPeriod.Interval interval, Instant from, Instant to) {
        List<String> names = new ArrayList<>(variationNames);
        TreeMap<Instant, Map<String, Long>> buckets = new TreeMap<>();
        List<String> unparsed = new ArrayList<>();
        for (FlagInsight i : insights) {
            Instant t = parse(i.time());
            if (t == null) {
                unparsed.add(i.time());
                continue;
            }
            Map<String, Long> counts = buckets.computeIfAbsent(t, k -> new LinkedHashMap<>());
            for (FlagInsight.VariationCount c : i.variations()) {
                String name = c.variation() == null ? "(unknown)" : c.variation();
                if (!names.contains(name)) names.add(name);
                counts.merge(name, Math.max(0, c.count()), Long::sum);
            }
        }
        if (interval != InsightPeriod.Interval.WEEK) {
            ChronoUnit unit = interval == InsightPeriod.Interval.HOUR ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            for (Instant t = from.truncatedTo(unit); !t.isAfter(to); t = t.plus(interval.step)) buckets.putIfAbsent(t, Map.of());
        }

        List<Series> series = new ArrayList<>();
        for (int s = 0; s < names.size(); s++) {
            String name = names.get(s);
            long sum = buckets.values().stream().mapToLong(m -> m.getOrDefault(name, 0L)).sum();
            series.add(new Series(name, "series-" + (s % PALETTE), sum));
        }
        long total = series.stream().mapToLong(Series::total).sum();
        long biggest = buckets.values().stream().mapToLong(m -> m.values().stream().mapToLong(Long::longValue).sum()).max().orElse(0);
        long max = niceCeiling(biggest);

        int n = Math.max(1, buckets.size());
        double plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
        double slot = plotW / n;
        double barW = Math.max(1, slot * 0.72);
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        int labelEvery = (int) Math.ceil(n / 8.0);
        int k = 0;
        for (var e : buckets.entrySet()) {
            double x = LEFT + k * slot + (slot - barW) / 2;
            double base = HEIGHT - BOTTOM;
            List<Segment> segs = new ArrayList<>();
            long barTotal = 0;
            for (Series s : series) {
                long c = e.getValue().getOrDefault(s.name(), 0L);
                if (c <= 0) continue;
                double h = plotH * c / max;
                base -= h;
                segs.add(new Segment(s.name(), s.css(), c, round(x), round(base), round(barW), round(h)));
                barTotal += c;
            }
            String label = label(e.getKey(), interval);
            bars.add(new Bar(label, barTotal, segs));
            if (k % labelEvery == 0) labels.add(new Label(round(LEFT + k * slot + slot / 2), label));
            k++;
        }
        List<Tick> ticks = new ArrayList<>();
        for (int t = 0; t <= 4; t++) {
            long value = max * t / 4;
            ticks.add(new Tick(round(HEIGHT - BOTTOM - plotH * t / 4), compact(value)));
        }
        return new InsightChart(series, bars, ticks, labels, total, max);
    }

    /** The bucket start as the API writes it: ISO instant, or a local date-time meaning UTC. */
    static Instant parse(String time) {
        if (time == null) return null;
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(time).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static String label(Instant t, InsightPeriod.Interval interval) {
        String pattern = interval == InsightPeriod.Interval.HOUR ? "HH:mm" : "MMM d";
        if (interval == InsightPeriod.Interval.HOUR && t.atOffset(ZoneOffset.UTC).getHour() == 0) pattern = "MMM d";
        return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withZone(ZoneOffset.UTC).format(t);
    }

    /** Four whole, round steps (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten, so bars fill most of the height) that reach the value. */
    static long niceCeiling(long value) {
        for (long magnitude = 1; ; magnitude *= 10) {
            for (long tenths : new long[] {10, 12, 15, 20, 25, 30, 40, 50, 60, 80}) {
                if (tenths * magnitude % 10 != 0) continue;
                long step = tenths * magnitude / 10;
                if (step * 4 >= value) return step * 4;
            }
        }
    }

    static String compact(long v) {
        if (v >= 1_000_000) return trim(v / 1_000_000.0) + "M";
        if (v >= 10_000) return trim(v / 1_000.0) + "k";
        return Long.toString(v);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    private static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }
}
