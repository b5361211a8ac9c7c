package io.toggleworks.api.experiments;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an experiment measures (api.md §3.19): a custom event (conversion or numeric), a page view or a click.
 * {@code isArvhived} is FeatBit's spelling of the column and the JSON field.
 */
public record ExperimentMetric(UUID id, UUID envId, String name, String description, UUID maintainerUserId,
                               String eventName, int eventType, int customEventTrackOption, String customEventUnit,
                               int customEventSuccessCriteria, String elementTargets, List<TargetUrl> targetUrls,
                               @JsonProperty("isArvhived") boolean isArvhived, Instant createdAt, Instant updatedAt) {
    public static final int CUSTOM = 1;
    public static final int PAGE_VIEW = 2;
    public static final int CLICK = 3;

    public ExperimentMetric {
        targetUrls = targetUrls == null ? List.of() : List.copyOf(targetUrls);
    }

    /** A page the page-view metric counts; {@code matchType} 1 = the URL contains {@code url}. */
    public record TargetUrl(String id, int matchType, String url) {
        public static final int SUBSTRING = 1;
    }
}
