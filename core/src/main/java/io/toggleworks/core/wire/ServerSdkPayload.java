package io.toggleworks.core.wire;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.segment.Segment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The {@code data} of a server SDK's {@code data-sync} reply (evaluation-server.md §3.4): every flag and segment
 * changed after the SDK's cursor, archived ones included.
 */
public record ServerSdkPayload(String eventType, List<FeatureFlag> featureFlags, List<Segment> segments) {
    public static final String FULL = "full";
    public static final String PATCH = "patch";

    public ServerSdkPayload {
        featureFlags = featureFlags == null ? List.of() : List.copyOf(featureFlags);
        segments = segments == null ? List.of() : List.copyOf(segments);
    }

    /** {@code full} iff the SDK's cursor is 0 (FeatBit's rule), else {@code patch}. */
    public static ServerSdkPayload of(long cursor, List<FeatureFlag> flags, List<Segment> segments) {
        return new ServerSdkPayload(eventType(cursor), flags, segments);
    }

    /**
     * FeatBit's selection: the flags and segments whose {@code updatedAt} in ms is strictly greater than the cursor
     * (all of them for a full sync), archived ones included.
     */
    public static ServerSdkPayload changedSince(long cursor, Collection<FeatureFlag> flags, Collection<Segment> segments) {
        List<FeatureFlag> f = new ArrayList<>();
        for (FeatureFlag flag : flags) {
            if (flag.version() > cursor) {
                f.add(flag);
            }
        }
        List<Segment> s = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment.version() > cursor) {
                s.add(segment);
            }
        }
        return of(cursor, f, s);
    }

    public static String eventType(long cursor) {
        return cursor == 0 ? FULL : PATCH;
    }
}
