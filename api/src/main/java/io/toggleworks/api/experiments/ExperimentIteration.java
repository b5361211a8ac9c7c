package io.toggleworks.api.experiments;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One recording period of an experiment (api.md §3.19). The metric's event and options are copied in at start, so
 * the iteration keeps measuring what it started with even if the metric is edited later.
 */
public record ExperimentIteration(String id, Instant startTime, Instant endTime, Instant updatedAt,
                                  @JsonProperty("isArchived") boolean isArchived, int eventType, String eventName,
                                  int customEventTrackOption, String customEventUnit, int customEventSuccessCriteria,
                                  List<IterationResult> results, @JsonProperty("isFinish") boolean isFinish) {
    /** FeatBit stops recomputing an iteration 3 days after it ended. */
    static final Duration LOCK_AFTER = Duration.ofDays(3);

    public ExperimentIteration {
        results = results == null ? List.of() : List.copyOf(results);
    }

    boolean running() {
        return endTime == null;
    }

    boolean lockedAt(Instant now) {
        return isFinish && endTime != null && !now.isBefore(endTime.plus(LOCK_AFTER));
    }

    ExperimentIteration ended(Instant at) {
        return new ExperimentIteration(id, startTime, at, updatedAt, isArchived, eventType, eventName,
                customEventTrackOption, customEventUnit, customEventSuccessCriteria, results, true);
    }

    ExperimentIteration withResults(List<IterationResult> newResults, boolean finished, Instant at) {
        return new ExperimentIteration(id, startTime, endTime, at, isArchived, eventType, eventName,
                customEventTrackOption, customEventUnit, customEventSuccessCriteria, newResults, finished);
    }

    ExperimentIteration archived() {
        return new ExperimentIteration(id, startTime, endTime, updatedAt, true, eventType, eventName,
                customEventTrackOption, customEventUnit, customEventSuccessCriteria, results, isFinish);
    }
}
