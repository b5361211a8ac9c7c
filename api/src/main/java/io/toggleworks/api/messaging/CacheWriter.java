package io.toggleworks.api.messaging;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.segment.Segment;

import java.util.List;
import java.util.UUID;

/**
 * Where the ELS cache (Redis, {@code CacheProvider=Redis}) is written after a change commits and before the change
 * message is published: the ELS relies on the cache being current when the message arrives (infrastructure §2.2.2).
 * The API's implementation ({@code io.toggleworks.api.cache}) writes the cache {@code CacheProvider} names (None: nothing).
 */
public interface CacheWriter {
    void upsertFlag(FeatureFlag flag);

    void deleteFlag(UUID envId, UUID flagId);

    /** A segment (environment-specific form, {@code envId} as stored) and the environments it is indexed in. */
    void upsertSegment(Segment segment, List<UUID> envIds);

    void deleteSegment(UUID segmentId, List<UUID> envIds);

    CacheWriter NONE = new CacheWriter() {
        @Override
        public void upsertFlag(FeatureFlag flag) {
        }

        @Override
        public void deleteFlag(UUID envId, UUID flagId) {
        }

        @Override
        public void upsertSegment(Segment segment, List<UUID> envIds) {
        }

        @Override
        public void deleteSegment(UUID segmentId, List<UUID> envIds) {
        }
    };
}
