package io.toggleworks.portal.apiclient;

import java.util.List;

/**
 * One time bucket of a flag's evaluations (api.md §4.5.1 {@code insights}): {@code time} is the bucket start as the
 * API writes it (UTC, e.g. {@code 2024-06-01T00:00:00Z}), with a count per variation name.
 */
public record FlagInsight(String time, List<VariationCount> variations) {
    public FlagInsight {
        variations = variations == null ? List.of() : List.copyOf(variations);
    }

    public record VariationCount(String variation, long count) {}
}
