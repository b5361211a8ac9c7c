package io.toggleworks.els.config;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * FeatBit's hybrid store with {@code CacheProvider=Redis} (evaluation-server.md §7.2): the cache is read first, and
 * while it cannot answer, the database. Instead of FeatBit's 6-second background probe, a failed read switches to
 * the database at once (that read is answered, not lost) and the cache is tried again after {@code retryAfter}.
 * Throws {@link StoreUnavailableException} only when both fail.
 */
public final class FallbackEvaluationStore implements EvaluationStore {
    private static final Logger log = LoggerFactory.getLogger(FallbackEvaluationStore.class);

    private final EvaluationStore primary;
    private final EvaluationStore fallback;
    private final long retryAfterNanos;
    private final LongSupplier clock;
    private volatile long primaryDownUntil;
    private volatile boolean onFallback;

    public FallbackEvaluationStore(EvaluationStore primary, EvaluationStore fallback, Duration retryAfter) {
        this(primary, fallback, retryAfter, System::nanoTime);
    }

    FallbackEvaluationStore(EvaluationStore primary, EvaluationStore fallback, Duration retryAfter, LongSupplier clock) {
        this.primary = primary;
        this.fallback = fallback;
        this.retryAfterNanos = retryAfter.toNanos();
        this.clock = clock;
        this.primaryDownUntil = clock.getAsLong() - 1;
    }

    private <T> T read(Function<EvaluationStore, T> query) {
        if (clock.getAsLong() - primaryDownUntil >= 0) {
            try {
                T result = query.apply(primary);
                if (onFallback) {
                    onFallback = false;
                    log.info("The cache answers again; reading it instead of the database");
                }
                return result;
            } catch (StoreUnavailableException e) {
                primaryDownUntil = clock.getAsLong() + retryAfterNanos;
                if (!onFallback) {
                    onFallback = true;
                    log.warn("The cache cannot be read ({}); reading the database until it answers again", e.getMessage());
                }
            }
        }
        return query.apply(fallback);
    }

    /** Whether reads currently go to the database (for health and tests). */
    public boolean onFallback() {
        return onFallback;
    }

    @Override
    public List<FeatureFlag> flagsUpdatedAfter(UUID envId, long timestampMs) {
        return read(s -> s.flagsUpdatedAfter(envId, timestampMs));
    }

    @Override
    public List<FeatureFlag> flagsByIds(Collection<UUID> ids) {
        return read(s -> s.flagsByIds(ids));
    }

    @Override
    public Optional<Segment> segment(UUID id) {
        return read(s -> s.segment(id));
    }

    @Override
    public List<Segment> segmentsUpdatedAfter(UUID envId, long timestampMs) {
        return read(s -> s.segmentsUpdatedAfter(envId, timestampMs));
    }

    @Override
    public Optional<SecretRecord> secret(String secret) {
        return read(s -> s.secret(secret));
    }

    @Override
    public boolean isAvailable() {
        return primary.isAvailable() || fallback.isAvailable();
    }

    @Override
    public void close() {
        try {
            primary.close();
        } finally {
            fallback.close();
        }
    }
}
