package io.toggleworks.api.experiments;

import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Experiment metrics (FeatBit's {@code ExperimentMetrics}; {@code isArvhived} is FeatBit's spelling) and the
 * maintainers they name; one implementation per {@code DbProvider} (ADR 0052).
 */
public interface ExperimentMetricStore {
    record Maintainer(UUID id, String name, String email) {
    }

    void insert(ExperimentMetric metric);

    /** Writes every field but id, envId and createdAt of the metric with this id in its environment. */
    void update(ExperimentMetric metric);

    /** A metric of this environment, archived or not. */
    Optional<ExperimentMetric> find(UUID envId, UUID id);

    /** Live metrics, newest change first (then by id); {@code name} matches case-insensitively anywhere. */
    PagedResult<ExperimentMetric> list(UUID envId, String name, Integer eventType, Paging paging);

    /** The metrics with these ids, in any environment. */
    Map<UUID, ExperimentMetric> byIds(List<UUID> ids);

    /** The maintainer's name and e-mail, if the user is a member of the organization. */
    Optional<Maintainer> maintainer(UUID organizationId, UUID userId);

    /** Name and e-mail of these users, by id (unknown ids are absent). */
    Map<UUID, Maintainer> maintainers(List<UUID> userIds);

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
