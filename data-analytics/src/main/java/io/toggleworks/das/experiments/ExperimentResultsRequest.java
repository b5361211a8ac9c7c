package io.toggleworks.das.experiments;

import io.toggleworks.das.stats.FrequentistSettings;
import io.toggleworks.das.web.DasException;
import io.toggleworks.das.web.JsonRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /api/expt/results}, as the API's {@code ExptIterationParam} sends it. Required (as in
 * FeatBit): exptId, envId, flagExptId, eventName, eventType, startExptTime, baselineVariationId, variationIds.
 * The "extra properties" iterationId, customEventTrackOption, customEventSuccessCriteria and customEventUnit are
 * echoed back exactly as sent (null when absent); alpha and power fall back to 0.05 and 0.8 when absent or 0.
 */
public record ExperimentResultsRequest(String exptId, String envId, String flagExptId, String eventName,
                                       EventType eventType, Instant start, Instant end,
                                       String baselineVariationId, List<String> variationIds,
                                       JsonNode iterationId, JsonNode customEventTrackOption,
                                       JsonNode customEventSuccessCriteria, JsonNode customEventUnit,
                                       FrequentistSettings settings) {
    /** FeatBit's open end: 2100-01-01 UTC. */
    public static final Instant OPEN_END = Instant.parse("2100-01-01T00:00:00Z");
    static final int NUMERIC_TRACK_OPTION = 2;

    public ExperimentResultsRequest {
        Objects.requireNonNull(exptId);
        Objects.requireNonNull(variationIds);
        variationIds = List.copyOf(variationIds);
    }

    /** Numeric iff a custom event tracked as a numeric value (customEventTrackOption 2); otherwise conversion. */
    public boolean numeric() {
        return eventType == EventType.CUSTOM && customEventTrackOption.isIntegralNumber()
                && customEventTrackOption.asInt() == NUMERIC_TRACK_OPTION;
    }

    /** 2 = lower is better; anything else (absent included) is FeatBit's default, higher is better. */
    public int successCriteria() {
        return customEventSuccessCriteria.isIntegralNumber() ? customEventSuccessCriteria.asInt() : 1;
    }

    public static ExperimentResultsRequest parse(JsonRequest r) {
        String exptId = r.requiredString("exptId");
        String envId = r.requiredString("envId");
        String flagExptId = r.requiredString("flagExptId");
        String eventName = r.requiredString("eventName");
        if (!r.has("eventType")) {
            throw DasException.badRequest("eventType is required");
        }
        EventType eventType = EventType.of(r.optionalInt("eventType", 0, Integer.MIN_VALUE, Integer.MAX_VALUE));
        Instant start = r.requiredTime("startExptTime");
        Instant end = r.optionalTime("endExptTime").orElse(OPEN_END);
        if (!end.isAfter(start)) {
            throw DasException.badRequest("endExptTime must be after startExptTime");
        }
        String baseline = r.requiredString("baselineVariationId");
        List<String> variationIds = r.requiredStringList("variationIds");
        if (variationIds.isEmpty()) {
            throw DasException.badRequest("variationIds must not be empty");
        }
        if (variationIds.stream().anyMatch(String::isBlank)) {
            throw DasException.badRequest("variationIds must not contain blank ids");
        }
        variationIds = List.copyOf(new LinkedHashSet<>(variationIds));
        JsonNode trackOption = extra(r, "customEventTrackOption", true);
        JsonNode criteria = extra(r, "customEventSuccessCriteria", true);
        JsonNode unit = extra(r, "customEventUnit", false);
        JsonNode iterationId = extra(r, "iterationId", false);
        double alpha = probability(r, "alpha", FrequentistSettings.DEFAULT_ALPHA);
        double power = probability(r, "power", FrequentistSettings.DEFAULT_POWER);
        return new ExperimentResultsRequest(exptId, envId, flagExptId, eventName, eventType, start, end, baseline,
                variationIds, iterationId, trackOption, criteria, unit,
                new FrequentistSettings(alpha, power, FrequentistSettings.MIN_SAMPLE_SIZE));
    }

    /** An echoed field: must be an integer (or a string, for text fields) when present. */
    private static JsonNode extra(JsonRequest r, String name, boolean integer) {
        JsonNode v = r.node().get(name);
        if (v == null || v.isNull()) {
            return NullNode.getInstance();
        }
        if (integer ? !v.isIntegralNumber() : !(v.isString() || v.isNumber())) {
            throw DasException.badRequest(name + (integer ? " must be an integer" : " must be a string"));
        }
        return v;
    }

    /** FeatBit treats a falsy alpha/power (absent, null, 0) as "use the default". */
    private static double probability(JsonRequest r, String name, double defaultValue) {
        double v = r.optionalNumber(name).orElse(0.0);
        if (v == 0) {
            return defaultValue;
        }
        if (!(v > 0 && v < 1)) {
            throw DasException.badRequest(name + " must be between 0 and 1");
        }
        return v;
    }
}
