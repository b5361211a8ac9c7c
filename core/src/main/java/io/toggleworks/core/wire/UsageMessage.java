package io.toggleworks.core.wire;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Published on {@code featbit-usage}, one per track request (infrastructure-and-analytics.md §2.2.5).
 *
 * @param recordedAt      the UTC date at the server, written {@code yyyy-MM-dd}
 * @param endUsers        keys first seen in the server's de-duplication window
 * @param flagEvaluations every reported evaluation, including those without a variation
 */
public record UsageMessage(UUID envId, String type, LocalDate recordedAt, List<String> endUsers, int flagEvaluations, int customMetrics) {
    public static final String INSIGHT = "insight";

    public UsageMessage {
        endUsers = endUsers == null ? List.of() : List.copyOf(endUsers);
    }

    public static UsageMessage insight(UUID envId, LocalDate recordedAt, List<String> endUsers, int flagEvaluations, int customMetrics) {
        return new UsageMessage(envId, INSIGHT, recordedAt, endUsers, flagEvaluations, customMetrics);
    }
}
