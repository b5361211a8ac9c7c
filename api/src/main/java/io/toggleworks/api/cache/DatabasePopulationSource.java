package io.toggleworks.api.cache;

import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.segments.SegmentEntity;
import io.toggleworks.api.segments.SegmentScopes;
import io.toggleworks.api.segments.SegmentStore;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.spi.cache.PopulationSource;
import io.toggleworks.spi.cache.SecretEntry;
import io.toggleworks.spi.cache.SegmentEntry;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Everything the cache should hold, read from the main database through the concepts' own stores and
 * {@link CacheQueries} (so the same on PostgreSQL and MongoDB): every flag (archived ones included) of every
 * environment, every segment with the environments it applies to, every secret with its environment's descriptor.
 */
@Component
public class DatabasePopulationSource implements PopulationSource {
    private final CacheQueries queries;
    private final FlagStore flags;
    private final SegmentStore segments;
    private final SegmentScopes scopes;

    public DatabasePopulationSource(CacheQueries queries, FlagStore flags, SegmentStore segments, SegmentScopes scopes) {
        this.queries = queries;
        this.flags = flags;
        this.segments = segments;
        this.scopes = scopes;
    }

    @Override
    public void flags(Consumer<FeatureFlag> sink) {
        for (UUID envId : queries.environmentIds()) {
            flags.all(envId, false).forEach(sink);
            flags.all(envId, true).forEach(sink);
        }
    }

    @Override
    public void segments(Consumer<SegmentEntry> sink) {
        Map<UUID, List<SegmentScopes.EnvRn>> envsOfWorkspace = new HashMap<>();
        for (UUID id : queries.segmentIds()) {
            Optional<SegmentEntity> found = segments.find(id);
            if (found.isEmpty()) {
                continue; // deleted meanwhile
            }
            SegmentEntity s = found.get();
            List<UUID> envIds = s.isEnvironmentSpecific() ? List.of(s.envId())
                    : envsOfWorkspace.computeIfAbsent(s.workspaceId(), scopes::environments).stream()
                        .filter(e -> SegmentScopes.visibleIn(s, e.envId(), e.rn()))
                        .map(SegmentScopes.EnvRn::envId).toList();
            sink.accept(entry(s, envIds));
        }
    }

    static SegmentEntry entry(SegmentEntity s, List<UUID> envIds) {
        return new SegmentEntry(s.toWire(s.envId()), !s.isEnvironmentSpecific(), envIds);
    }

    @Override
    public void secrets(Consumer<SecretEntry> sink) {
        queries.secrets().forEach(sink);
    }
}
