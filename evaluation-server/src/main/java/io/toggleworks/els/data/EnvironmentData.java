package io.toggleworks.els.data;

import io.toggleworks.core.segment.Segment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One environment's flags and segments in memory. Writers (initial load, change messages, resync) race freely:
 * every write is an upsert that keeps the newer version, so the order they arrive in does not matter.
 */
public final class EnvironmentData {
    private final UUID envId;
    private final Map<UUID, FlagEntry> flags = new ConcurrentHashMap<>();
    private final Map<UUID, SegmentEntry> segments = new ConcurrentHashMap<>();
    /** The same flags by key (OFREP single evaluation); written inside the id map's compute, so in the same order. */
    private final Map<String, FlagEntry> flagsByKey = new ConcurrentHashMap<>();
    private volatile long lastAccessNanos = System.nanoTime();

    EnvironmentData(UUID envId) {
        this.envId = envId;
    }

    public UUID envId() {
        return envId;
    }

    /** @return true if memory changed (the entry was new or newer) */
    public boolean upsert(FlagEntry entry) {
        AtomicBoolean changed = new AtomicBoolean();
        flags.compute(entry.flag().id(), (id, old) -> {
            if (entry.supersedes(old)) {
                changed.set(true);
                if (old != null && !old.flag().key().equals(entry.flag().key())) {
                    flagsByKey.remove(old.flag().key(), old);
                }
                // Another flag with this key (one deleted, one created in its place): the newer one wins.
                flagsByKey.merge(entry.flag().key(), entry,
                        (cur, neu) -> cur.flag().id().equals(neu.flag().id()) || neu.version() >= cur.version() ? neu : cur);
                return entry;
            }
            return old;
        });
        return changed.get();
    }

    public boolean upsert(SegmentEntry entry) {
        AtomicBoolean changed = new AtomicBoolean();
        segments.compute(entry.segment().id(), (id, old) -> {
            if (entry.supersedes(old)) {
                changed.set(true);
                return entry;
            }
            return old;
        });
        return changed.get();
    }

    /** Flags with updatedAt (ms) strictly after {@code timestampMs}; all flags, archived ones included, when 0. */
    public List<FlagEntry> flagsAfter(long timestampMs) {
        touch();
        List<FlagEntry> out = new ArrayList<>();
        for (FlagEntry e : flags.values()) {
            if (e.version() > timestampMs) {
                out.add(e);
            }
        }
        return out;
    }

    public List<SegmentEntry> segmentsAfter(long timestampMs) {
        touch();
        List<SegmentEntry> out = new ArrayList<>();
        for (SegmentEntry e : segments.values()) {
            if (e.version() > timestampMs) {
                out.add(e);
            }
        }
        return out;
    }

    public Collection<FlagEntry> flags() {
        return flags.values();
    }

    /** The flag with this key (archived ones included). */
    public Optional<FlagEntry> flagByKey(String key) {
        touch();
        return Optional.ofNullable(flagsByKey.get(key));
    }

    public Optional<FlagEntry> flag(UUID id) {
        return Optional.ofNullable(flags.get(id));
    }

    public Optional<Segment> segment(UUID id) {
        SegmentEntry e = segments.get(id);
        return e == null ? Optional.empty() : Optional.of(e.segment());
    }

    long maxFlagVersion() {
        return flags.values().stream().mapToLong(FlagEntry::version).max().orElse(0);
    }

    long maxSegmentVersion() {
        return segments.values().stream().mapToLong(SegmentEntry::version).max().orElse(0);
    }

    /** Forgets flags and segments the store no longer has (FeatBit sends no tombstones, so SDKs are not told). */
    void retainOnly(Set<UUID> flagIds, Set<UUID> segmentIds) {
        flags.keySet().retainAll(flagIds);
        flagsByKey.values().removeIf(e -> !flagIds.contains(e.flag().id()));
        segments.keySet().retainAll(segmentIds);
    }

    void touch() {
        lastAccessNanos = System.nanoTime();
    }

    long lastAccessNanos() {
        return lastAccessNanos;
    }
}
