package io.toggleworks.core.wire;

import io.toggleworks.core.segment.Segment;

import java.util.List;
import java.util.UUID;

/**
 * Published on {@code featbit-segment-change} once per environment a segment applies to (evaluation-server.md §7.1).
 * {@code affectedFlagIds} is empty when no flag's evaluation can change (create, archive, restore, cosmetic edits).
 */
public record SegmentChangeMessage(Segment segment, List<UUID> affectedFlagIds) {
    public SegmentChangeMessage {
        affectedFlagIds = affectedFlagIds == null ? List.of() : List.copyOf(affectedFlagIds);
    }
}
