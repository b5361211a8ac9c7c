package io.toggleworks.benchmarks.analytics;

import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.BucketCount;
import io.toggleworks.spi.analytics.FlagEndUsersPage;
import io.toggleworks.spi.analytics.FlagEndUsersQuery;
import io.toggleworks.spi.analytics.FlagInsightsQuery;
import io.toggleworks.spi.analytics.IntervalType;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The timed reads, as the portal's Insights tab makes them through the DAS. Each runs once "cold" (first time after
 * the load, on a fresh store connection; the server's caches are as the load left them: nothing is flushed), then up
 * to {@code reps} more times; the median of those is the warm time. A query whose cold run used up the budget is not
 * repeated.
 */
final class Queries {
    /** @param budgetFactor times the per-query budget this query may use: the headline query gets more */
    record Spec(String id, String label, Query query, long expected, int budgetFactor) {
    }

    /** Runs the query; returns {rows, checksum}: the sum of the counts, or the end users' total. */
    interface Query {
        long[] run(AnalyticsStore store);
    }

    private Queries() {
    }

    static List<Spec> specs(Ingest.Result loaded) {
        List<Spec> specs = new ArrayList<>();
        specs.add(new Spec("insights_day_30d_hot", "insights, DAY buckets, 30 days, flag-000 (~19% of events)",
                insights(EventSet.HOT_FLAG, IntervalType.DAY, EventSet.START, EventSet.END), loaded.hotFlagEvents(), 3));
        specs.add(new Spec("insights_day_30d_typical", "insights, DAY buckets, 30 days, flag-049 (~0.4% of events)",
                insights(EventSet.TYPICAL_FLAG, IntervalType.DAY, EventSet.START, EventSet.END), loaded.typicalFlagEvents(), 1));
        // The window's first week: all of it is loaded even when a load was cut short (events come in time order).
        specs.add(new Spec("insights_hour_7d_hot", "insights, HOUR buckets, 7 days (the first week), flag-000",
                insights(EventSet.HOT_FLAG, IntervalType.HOUR, EventSet.START, EventSet.START.plus(Duration.ofDays(7))), -1, 1));
        specs.add(new Spec("end_users_30d_typical", "end users, first page of 10, 30 days, flag-049",
                endUsers(EventSet.TYPICAL_FLAG), -1, 1));
        specs.add(new Spec("end_users_30d_hot", "end users, first page of 10, 30 days, flag-000",
                endUsers(EventSet.HOT_FLAG), -1, 1));
        return specs;
    }

    private static Query insights(String flagKey, IntervalType interval, Instant start, Instant end) {
        FlagInsightsQuery q = new FlagInsightsQuery(EventSet.ENV_ID, EventSet.flagId(flagKey), interval, start, end,
                ZoneOffset.UTC);
        return store -> {
            List<BucketCount> counts = store.flagInsights(q);
            return new long[]{counts.size(), counts.stream().mapToLong(BucketCount::count).sum()};
        };
    }

    private static Query endUsers(String flagKey) {
        FlagEndUsersQuery q = new FlagEndUsersQuery(EventSet.ENV_ID, EventSet.flagId(flagKey), Optional.empty(),
                Optional.empty(), EventSet.START, EventSet.END, 0, 10);
        return store -> {
            FlagEndUsersPage page = store.flagEndUsers(q);
            return new long[]{page.items().size(), page.totalCount()};
        };
    }

    static Map<String, Object> time(AnalyticsStore store, Spec spec, int reps, Duration budget) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", spec.id());
        r.put("label", spec.label());
        long started = System.nanoTime();
        long[] answer;
        try {
            answer = spec.query().run(store);
        } catch (RuntimeException e) {
            r.put("error", e.toString());
            return r;
        }
        long cold = System.nanoTime() - started;
        r.put("cold_ms", cold / 1e6);
        List<Long> warm = new ArrayList<>();
        while (warm.size() < reps && System.nanoTime() - started < budget.toNanos()) {
            long t0 = System.nanoTime();
            long[] again = spec.query().run(store);
            warm.add(System.nanoTime() - t0);
            if (!Arrays.equals(again, answer)) {
                r.put("warning", "answers differ between runs: " + Arrays.toString(answer) + " vs " + Arrays.toString(again));
            }
        }
        r.put("warm_reps", warm.size());
        if (!warm.isEmpty()) {
            long[] w = warm.stream().mapToLong(Long::longValue).sorted().toArray();
            r.put("warm_median_ms", (w.length % 2 == 1 ? w[w.length / 2] : (w[w.length / 2 - 1] + w[w.length / 2]) / 2) / 1e6);
            r.put("warm_min_ms", w[0] / 1e6);
            r.put("warm_max_ms", w[w.length - 1] / 1e6);
        }
        r.put("rows", answer[0]);
        r.put("checksum", answer[1]);
        if (spec.expected() >= 0) {
            r.put("expected", spec.expected());
            r.put("correct", answer[1] == spec.expected());
        }
        return r;
    }
}
