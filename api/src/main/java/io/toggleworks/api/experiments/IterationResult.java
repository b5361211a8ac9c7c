package io.toggleworks.api.experiments;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One variation's statistics in an iteration, as the DAS returns them and FeatBit stores them (numbers as strings,
 * counters as longs; {@code changeToBaseline} is FeatBit's unused field). {@code probabilityToBeatBaseline} is ours
 * (ADR 0075): FeatBit's readers ignore it.
 */
public record IterationResult(String changeToBaseline, List<String> confidenceInterval, Long conversion,
                              String conversionRate, Long totalEvents, String average,
                              @JsonProperty("isBaseline") boolean isBaseline,
                              @JsonProperty("isInvalid") boolean isInvalid,
                              @JsonProperty("isWinner") boolean isWinner, String pValue, Long uniqueUsers,
                              String variationId, String effectSize, String reason,
                              String probabilityToBeatBaseline) {
}
