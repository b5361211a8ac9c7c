package io.toggleworks.els.data;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.els.metrics.ElsMetrics;
import io.toggleworks.spi.store.EvaluationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The environments held in memory. An environment is loaded from the store on first use (one load however many
 * connections ask at once), then kept current by change messages, and compared with the store by updatedAt every
 * resync so a lost message is caught up. Idle environments nobody is connected to are dropped.
 */
public final class EnvironmentRegistry {
    private static final Logger log = LoggerFactory.getLogger(EnvironmentRegistry.class);
    /** Resync looks back this far before the newest version held: a write committed late can carry an older updatedAt. */
    private static final long LOOKBACK_MS = 60_000;

    private final EvaluationStore store;
    private final Executor blocking;
    private final ElsMetrics metrics;
    private final Map<UUID, CompletableFuture<EnvironmentData>> environments = new ConcurrentHashMap<>();
    private int resyncs;

    public EnvironmentRegistry(EvaluationStore store, Executor blocking, ElsMetrics metrics) {
        this.store = store;
        this.blocking = blocking;
        this.metrics = metrics;
        metrics.gauge("els_environments_loaded", () -> environments.values().stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count());
    }

    /** The environment's data, loading it if needed; completes exceptionally if the store is unavailable. */
    public CompletableFuture<EnvironmentData> get(UUID envId) {
        CompletableFuture<EnvironmentData> f = environments.computeIfAbsent(envId, id -> {
            EnvironmentData data = new EnvironmentData(id);
            return CompletableFuture.supplyAsync(() -> load(data), blocking);
        });
        if (f.isCompletedExceptionally()) {
            environments.remove(envId, f); // the next caller retries
        }
        return f;
    }

    /** The environment if it is already in memory; change messages for other environments concern nobody here. */
    public Optional<EnvironmentData> loaded(UUID envId) {
        CompletableFuture<EnvironmentData> f = environments.get(envId);
        if (f == null || !f.isDone() || f.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(f.join());
    }

    /**
     * The environment for a change message: loaded, or still loading (then the change is merged into what is being
     * loaded, so a load that read the store just before the change cannot hide it).
     */
    public Optional<EnvironmentData> loadedOrLoading(UUID envId) {
        CompletableFuture<EnvironmentData> f = environments.get(envId);
        if (f == null || f.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return f.isDone() ? Optional.of(f.join()) : Optional.ofNullable(pending.get(envId));
    }

    private final Map<UUID, EnvironmentData> pending = new ConcurrentHashMap<>();

    private EnvironmentData load(EnvironmentData data) {
        pending.put(data.envId(), data);
        try {
            List<FeatureFlag> flags = store.flagsUpdatedAfter(data.envId(), 0);
            List<Segment> segments = store.segmentsUpdatedAfter(data.envId(), 0);
            flags.forEach(f -> data.upsert(FlagEntry.of(f)));
            segments.forEach(s -> data.upsert(SegmentEntry.of(s)));
            log.debug("loaded environment {}: {} flags, {} segments", data.envId(), flags.size(), segments.size());
            return data;
        } catch (RuntimeException e) {
            metrics.inc("els_store_errors_total");
            log.warn("loading environment {} failed: {}", data.envId(), e.getMessage());
            throw e;
        } finally {
            pending.remove(data.envId());
        }
    }

    /**
     * Compares every loaded environment with the store. Every {@code fullReloadEvery}-th call reloads everything and
     * forgets what the store deleted; otherwise only what changed since the newest version held (minus a look-back).
     * Changes no message brought are handed to {@code listener}. Environments idle for {@code idleTtl} that
     * {@code inUse} does not claim are dropped.
     */
    public void resync(ResyncListener listener, int fullReloadEvery, Duration idleTtl, Predicate<UUID> inUse) {
        boolean full = fullReloadEvery > 0 && ++resyncs % fullReloadEvery == 0;
        for (UUID envId : List.copyOf(environments.keySet())) {
            Optional<EnvironmentData> maybe = loaded(envId);
            if (maybe.isEmpty()) {
                continue;
            }
            EnvironmentData env = maybe.get();
            if (!inUse.test(envId) && System.nanoTime() - env.lastAccessNanos() > idleTtl.toNanos()) {
                environments.remove(envId);
                continue;
            }
            try {
                long flagsSince = full ? 0 : Math.max(0, env.maxFlagVersion() - LOOKBACK_MS);
                long segmentsSince = full ? 0 : Math.max(0, env.maxSegmentVersion() - LOOKBACK_MS);
                List<FeatureFlag> flags = store.flagsUpdatedAfter(envId, flagsSince);
                List<Segment> segments = store.segmentsUpdatedAfter(envId, segmentsSince);
                List<FlagEntry> changedFlags = new ArrayList<>();
                List<SegmentEntry> changedSegments = new ArrayList<>();
                for (FeatureFlag f : flags) {
                    FlagEntry e = FlagEntry.of(f);
                    if (env.upsert(e)) {
                        changedFlags.add(e);
                    }
                }
                for (Segment s : segments) {
                    SegmentEntry e = SegmentEntry.of(s);
                    if (env.upsert(e)) {
                        changedSegments.add(e);
                    }
                }
                if (full) {
                    Set<UUID> flagIds = new HashSet<>();
                    flags.forEach(f -> flagIds.add(f.id()));
                    Set<UUID> segmentIds = new HashSet<>();
                    segments.forEach(s -> segmentIds.add(s.id()));
                    env.retainOnly(flagIds, segmentIds);
                }
                if (!changedFlags.isEmpty() || !changedSegments.isEmpty()) {
                    log.info("resync of environment {} found {} flag(s) and {} segment(s) no change message brought",
                            envId, changedFlags.size(), changedSegments.size());
                    metrics.add("els_changes_received_total", changedFlags.size() + changedSegments.size(), "source", "resync");
                    listener.onMissedChanges(env, changedFlags, changedSegments);
                }
            } catch (RuntimeException e) {
                metrics.inc("els_store_errors_total");
                log.warn("resync of environment {} failed: {}", envId, e.getMessage());
            }
        }
    }

    public EvaluationStore store() {
        return store;
    }
}
