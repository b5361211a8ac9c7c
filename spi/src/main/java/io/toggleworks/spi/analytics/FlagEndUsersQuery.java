package io.toggleworks.spi.analytics;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The end users who evaluated a flag (§5.4.2), optionally only those served {@code variationId} and whose key or
 * name contains {@code query} (case-insensitive, taken literally: no pattern syntax).
 */
public record FlagEndUsersQuery(String envId, String flagExptId, Optional<String> variationId, Optional<String> query,
                                Instant start, Instant end, int pageIndex, int pageSize) {
    public FlagEndUsersQuery {
        Objects.requireNonNull(envId, "envId");
        Objects.requireNonNull(flagExptId, "flagExptId");
        variationId = variationId == null ? Optional.empty() : variationId.filter(s -> !s.isBlank());
        query = query == null ? Optional.empty() : query.filter(s -> !s.isBlank());
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (pageIndex < 0 || pageSize < 1) {
            throw new IllegalArgumentException("pageIndex must be >= 0 and pageSize >= 1");
        }
    }
}
