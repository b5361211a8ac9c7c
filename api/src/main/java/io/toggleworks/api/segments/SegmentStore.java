package io.toggleworks.api.segments;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Segments (FeatBit's {@code Segments}); one implementation per {@code DbProvider} (ADR 0052). */
public interface SegmentStore {
    Optional<SegmentEntity> find(UUID id);

    /**
     * Candidates for environment {@code envId}: its own (non-shared) segments and the shared ones of the workspace,
     * optionally only archived or unarchived ones and matching {@code name} in name or key (any case); ordered by
     * {@code updatedAt desc, id}.
     */
    List<SegmentEntity> candidates(UUID workspaceId, UUID envId, String name, Boolean archived);

    /** Keys compare case-insensitively: per environment for its own segments, per workspace for shared ones. */
    boolean keyUsed(UUID workspaceId, UUID envId, String key, boolean shared);

    /** FeatBit: the sorted distinct tags of the segments whose owning environment is this one. */
    List<String> allTags(UUID envId);

    /** Adds a segment; {@link org.springframework.dao.DuplicateKeyException} when its key is taken (see {@link #keyUsed}). */
    void insert(SegmentEntity segment);

    /**
     * Writes name, description, included, excluded, rules, tags, isArchived and updatedAt of {@code segment} if the
     * stored one is still at {@code expectedUpdatedAt}; false when someone changed it meanwhile or it is gone.
     */
    boolean update(SegmentEntity segment, Instant expectedUpdatedAt);

    void delete(UUID id);
}
