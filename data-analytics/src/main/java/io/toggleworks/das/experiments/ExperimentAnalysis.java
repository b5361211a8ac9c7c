package io.toggleworks.das.experiments;

import io.toggleworks.das.stats.Arm;
import io.toggleworks.das.stats.BayesianComparison;
import io.toggleworks.das.stats.Estimate;
import io.toggleworks.das.stats.NumberFormats;
import io.toggleworks.das.stats.OnlineTTest;
import io.toggleworks.das.stats.Verdict;
import io.toggleworks.das.stats.WinnerRule;
import io.toggleworks.das.web.TimeFormat;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.ArmData;
import io.toggleworks.spi.analytics.ExperimentQuery;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One iteration's results: the arms from the store (variations listed in the request but without rows get zeros,
 * arms with rows but not listed are kept, as in FeatBit), FeatBit's verdict per arm against the baseline, the
 * winner rule, and the response map with FeatBit's field names and string-formatted statistics.
 */
@Service
public class ExperimentAnalysis {
    /** FeatBit's DAS keeps results 10 s per request body, so a burst of portal refreshes queries the store once. */
    static final Duration CACHE_TTL = Duration.ofSeconds(10);
    static final int CACHE_MAX_ENTRIES = 1000;

    private final AnalyticsStore store;
    private final Clock clock;
    private final Map<ExperimentResultsRequest, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Instant at, Map<String, Object> data) {
    }

    @Autowired
    public ExperimentAnalysis(AnalyticsStore store) {
        this(store, Clock.systemUTC());
    }

    ExperimentAnalysis(AnalyticsStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Map<String, Object> results(ExperimentResultsRequest request) {
        Instant now = clock.instant();
        Cached hit = cache.get(request);
        if (hit != null && now.isBefore(hit.at().plus(CACHE_TTL))) {
            return hit.data();
        }
        Map<String, Object> data = compute(request, now);
        if (cache.size() >= CACHE_MAX_ENTRIES) {
            cache.entrySet().removeIf(e -> !now.isBefore(e.getValue().at().plus(CACHE_TTL)));
            if (cache.size() >= CACHE_MAX_ENTRIES) {
                cache.clear();
            }
        }
        cache.put(request, new Cached(now, data));
        return data;
    }

    private Map<String, Object> compute(ExperimentResultsRequest request, Instant now) {
        List<Arm> arms = arms(request);
        // FeatBit fails when the baseline has neither rows nor a place in variationIds; we compare against zeros,
        // which makes every arm "too small" (ADR 0075).
        Arm control = arms.stream().filter(a -> a.variationId().equals(request.baselineVariationId())).findFirst()
                .orElse(Arm.empty(request.baselineVariationId(), request.numeric()));
        List<Verdict> verdicts = new ArrayList<>();
        for (Arm arm : arms) {
            boolean isBaseline = arm.variationId().equals(request.baselineVariationId());
            verdicts.add(OnlineTTest.verdict(control, arm, isBaseline, request.settings()));
        }
        boolean lowerIsBetter = request.successCriteria() == WinnerRule.LOWER_IS_BETTER;
        List<Map<String, Object>> results = new ArrayList<>();
        for (Verdict v : WinnerRule.apply(verdicts, request.successCriteria())) {
            OptionalDouble beat = v.baseline() || v.arm().variationId().equals(control.variationId())
                    ? OptionalDouble.empty()
                    : BayesianComparison.probabilityToBeat(control, v.arm(), lowerIsBetter);
            results.add(result(v, request.numeric(), beat));
        }
        boolean finished = request.end().isBefore(now);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exptId", request.exptId());
        data.put("eventType", request.eventType().code());
        data.put("customEventTrackOption", request.customEventTrackOption());
        data.put("customEventUnit", request.customEventUnit());
        data.put("customEventSuccessCriteria", request.customEventSuccessCriteria());
        data.put("iterationId", request.iterationId());
        data.put("startTime", TimeFormat.utc(request.start()));
        data.put("endTime", finished ? TimeFormat.utc(request.end()) : null);
        data.put("isFinish", finished);
        data.put("alpha", request.settings().alpha());
        data.put("power", request.settings().power());
        data.put("results", List.copyOf(results));
        return java.util.Collections.unmodifiableMap(data);
    }

    private List<Arm> arms(ExperimentResultsRequest request) {
        ExperimentQuery query = new ExperimentQuery(request.envId(), request.flagExptId(),
                request.eventType().eventName(), request.eventName(), request.start(), request.end(),
                request.numeric());
        Map<String, Arm> arms = new LinkedHashMap<>();
        for (ArmData d : store.experimentArms(query)) {
            arms.put(d.variationId(), request.numeric()
                    ? Arm.numeric(d.variationId(), d.count(), d.sum(), finite(d.mean()), finite(d.variance()))
                    : Arm.conversion(d.variationId(), d.count(), Math.round(d.sum())));
        }
        for (String id : request.variationIds()) {
            arms.putIfAbsent(id, Arm.empty(id, request.numeric()));
        }
        return List.copyOf(arms.values());
    }

    /** A store may report the variance of a single user as NaN (SQL's NULL); FeatBit's checks then see no spread. */
    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    static Map<String, Object> result(Verdict v, boolean numeric, OptionalDouble probabilityToBeat) {
        Arm arm = v.arm();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variationId", arm.variationId());
        if (numeric) {
            out.put("totalEvents", arm.count());
            out.put("average", NumberFormats.positional(arm.mean()));
        } else {
            out.put("uniqueUsers", arm.count());
            out.put("conversion", Math.round(arm.sum()));
            out.put("conversionRate", NumberFormats.positional(arm.mean()));
        }
        Estimate e = v.estimate().orElse(null);
        out.put("confidenceInterval", e == null ? null
                : Arrays.asList(NumberFormats.positional(e.ciLow()), NumberFormats.positional(e.ciHigh())));
        out.put("pValue", e == null ? null : NumberFormats.positional(e.pValue()));
        out.put("effectSize", e == null ? null : NumberFormats.positional(e.delta()));
        out.put("isBaseline", v.baseline());
        out.put("isWinner", v.winner());
        out.put("isInvalid", !v.significant());
        out.put("reason", v.reason());
        out.put("probabilityToBeatBaseline", probabilityToBeat.isPresent()
                ? NumberFormats.positional(probabilityToBeat.getAsDouble()) : null);
        return out;
    }
}
