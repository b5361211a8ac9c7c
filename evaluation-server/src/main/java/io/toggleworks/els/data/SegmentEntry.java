package io.toggleworks.els.data;

import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.Segment;

/** A segment held in memory with its JSON document (envId already set to the environment it is served to). */
public record SegmentEntry(Segment segment, byte[] json) {
    public static SegmentEntry of(Segment segment) {
        return new SegmentEntry(segment, Json.writeBytes(segment));
    }

    public long version() {
        return segment.version();
    }

    boolean supersedes(SegmentEntry old) {
        return old == null || version() > old.version();
    }
}
