package io.toggleworks.els.data;

import java.util.List;

/** Told about changes a resync found that no change message had brought (a missed or lost message). */
@FunctionalInterface
public interface ResyncListener {
    void onMissedChanges(EnvironmentData env, List<FlagEntry> flags, List<SegmentEntry> segments);
}
