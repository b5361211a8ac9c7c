package io.toggleworks.core.evaluation;

import io.toggleworks.core.segment.Segment;

import java.util.Optional;

/** Finds a segment of the environment being evaluated by its id, as written in segment conditions. */
@FunctionalInterface
public interface SegmentLookup {
    Optional<Segment> find(String segmentId);

    /** For flags without segment conditions. */
    SegmentLookup NONE = id -> Optional.empty();
}
