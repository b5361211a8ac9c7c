package io.toggleworks.spi.cache;

import io.toggleworks.core.flag.FeatureFlag;

import java.util.Collection;
import java.util.UUID;

/**
 * The writer side of the ELS cache. Every method is called after the change it reflects has been committed, and may
 * be called concurrently by several API instances and out of order: implementations keep the newest
 * {@code updatedAt} and never let a reader see an index entry whose value is missing. Methods throw
 * {@link CacheUnavailableException} when the cache cannot be written.
 */
public interface FlagCache extends AutoCloseable {
    /** Value and index entry of the flag's environment. An older {@code updatedAt} than the cached one is ignored. */
    void upsertFlag(FeatureFlag flag);

    /** Index entry first, then the value; a later upsert of the same flag (e.g. a late population) is ignored. */
    void deleteFlag(UUID envId, UUID flagId);

    /** Value once, index entry in each environment of the entry. */
    void upsertSegment(SegmentEntry segment);

    void deleteSegment(UUID segmentId, Collection<UUID> envIds);

    /** Secrets of one or more environments, each with its environment's descriptor. */
    void upsertSecrets(Collection<SecretEntry> secrets);

    /** The environment's cached secrets that are not among {@code keep} are removed. */
    void retainSecrets(UUID envId, Collection<String> keep);

    /**
     * An environment is gone: its secrets, its flag and segment indexes, its flags and its environment-specific
     * segments are removed (shared segments stay: other environments may still use them).
     */
    void deleteEnvironment(UUID envId);

    /**
     * Makes sure the cache holds everything, once for all API instances: returns at once when another instance
     * has already populated it, waits (bounded) while another one is populating, and otherwise loads
     * {@code source} and writes it. Throws when the cache could not be populated, so that the caller can refuse to
     * start rather than serve from a partial cache.
     */
    PopulateOutcome populate(PopulationSource source);

    /**
     * Populates again even when the cache says it is populated: after a write failed or the cache lost data. Still
     * one instance at a time.
     */
    PopulateOutcome repopulate(PopulationSource source);

    /** Whether the cache still says it was populated (false after a flush or a failover to an empty replica). */
    boolean isPopulated();

    @Override
    void close();

    /** What {@link #populate} did. */
    enum PopulateOutcome {
        /** Another instance had populated it already. */
        ALREADY_POPULATED,
        /** This instance populated it. */
        POPULATED,
        /** Another instance populated it while this one waited. */
        POPULATED_BY_ANOTHER,
        /** The cache is {@code None}: nothing to do. */
        NOT_CACHED
    }
}
