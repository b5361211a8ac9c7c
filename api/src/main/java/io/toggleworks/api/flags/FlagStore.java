package io.toggleworks.api.flags;

import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.core.flag.FeatureFlag;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Feature flags and their revision snapshots (FeatBit's {@code FeatureFlags} and {@code FlagRevisions}); one
 * implementation per {@code DbProvider} (ADR 0052). Orders and pages are the same on every implementation.
 */
public interface FlagStore {
    /** List filter: {@code name} matches name or key case-insensitively, {@code tags} must all be present. */
    record Filter(String name, List<String> tags, Boolean isEnabled, boolean isArchived, String sortBy) {
    }

    /** A revision snapshot written by {@link #insertRevision}. */
    record Revision(UUID id, FeatureFlag flag, String comment) {
    }

    /** The flag with exactly this key (case-sensitive) in the environment. */
    Optional<FeatureFlag> find(UUID envId, String key);

    Optional<FeatureFlag> findById(UUID id);

    /** Those of {@code ids} that are flags of the environment, in no particular order. */
    List<FeatureFlag> findByIds(UUID envId, List<UUID> ids);

    /** FeatBit compares keys case-insensitively. */
    boolean keyUsed(UUID envId, String key);

    /** A page ordered by {@code createdAt desc, id} (or {@code key, id} with sortBy {@code key}), with the total. */
    PagedResult<FeatureFlag> list(UUID envId, Filter filter, Paging paging);

    /** Every flag of the environment, archived or not, newest first. */
    List<FeatureFlag> all(UUID envId, boolean archived);

    /** The distinct tags of the environment's unarchived flags, sorted. */
    List<String> allTags(UUID envId);

    /** Adds a flag; {@link org.springframework.dao.DuplicateKeyException} when its key (any case) is taken in the env. */
    void insert(FeatureFlag flag);

    /**
     * Writes {@code flag} (all but id, envId, createdAt and creatorId) if its stored revision is still
     * {@code expectedRevision}; false when it moved on or the flag is gone.
     */
    boolean update(FeatureFlag flag, UUID expectedRevision);

    void delete(UUID id);

    /** Flags of these environments with a rule condition naming the segment (FeatBit's "affected flags"). */
    List<FeatureFlag> referencingSegment(List<UUID> envIds, UUID segmentId);

    /** Marks flags as updated (a referenced segment changed) without a new revision, as FeatBit does. */
    void touch(List<UUID> flagIds, Instant at, UUID updatorId);

    /** Appends a snapshot of the flag with the change's comment (cut at 512 characters). */
    void insertRevision(FeatureFlag flag, String comment);

    /** The snapshots of one flag, in no particular order. */
    List<Revision> revisions(UUID flagId);
}
