package io.toggleworks.spi.cache;

import io.toggleworks.core.segment.Segment;

import java.util.List;
import java.util.UUID;

/**
 * A segment to cache: its environment-specific form, whether it is shared (FeatBit caches shared segments with an
 * empty {@code envId}, the ELS fills in the environment it serves), and the environments whose index lists it.
 */
public record SegmentEntry(Segment segment, boolean shared, List<UUID> envIds) {
    public SegmentEntry {
        if (segment == null || segment.id() == null) {
            throw new IllegalArgumentException("a cached segment needs an id");
        }
        envIds = List.copyOf(envIds);
    }
}
