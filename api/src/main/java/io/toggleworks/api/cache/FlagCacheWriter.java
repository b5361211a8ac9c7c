package io.toggleworks.api.cache;

import io.toggleworks.api.messaging.CacheWriter;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.SegmentEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The change pipeline's cache step on a {@link FlagCache}. A failed write never fails the change (it is committed)
 * nor stops its message: it is logged and the cache is marked for repopulation.
 */
final class FlagCacheWriter implements CacheWriter {
    private static final Logger log = LoggerFactory.getLogger(FlagCacheWriter.class);

    private final FlagCache cache;
    private final CacheQueries queries;
    private final CacheRepair repair;

    FlagCacheWriter(FlagCache cache, CacheQueries queries, CacheRepair repair) {
        this.cache = cache;
        this.queries = queries;
        this.repair = repair;
    }

    @Override
    public void upsertFlag(FeatureFlag flag) {
        guarded("upsert flag " + flag.id(), () -> cache.upsertFlag(flag));
    }

    @Override
    public void deleteFlag(UUID envId, UUID flagId) {
        guarded("delete flag " + flagId, () -> cache.deleteFlag(envId, flagId));
    }

    @Override
    public void upsertSegment(Segment segment, List<UUID> envIds) {
        guarded("upsert segment " + segment.id(), () -> {
            // FeatBit caches a shared segment with an empty envId; the change pipeline's document does not say
            // whether it is shared, the stored segment does. One gone meanwhile was deleted: its delete cleans up.
            Optional<String> type = queries.segmentType(segment.id());
            type.ifPresent(t -> cache.upsertSegment(new SegmentEntry(segment, "shared".equals(t), envIds)));
        });
    }

    @Override
    public void deleteSegment(UUID segmentId, List<UUID> envIds) {
        guarded("delete segment " + segmentId, () -> cache.deleteSegment(segmentId, envIds));
    }

    private void guarded(String what, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.error("ELS cache: could not {}: {}", what, e.getMessage());
            repair.markDirty();
        }
    }
}
