package io.toggleworks.api.segments;

import io.toggleworks.api.auditlog.AuditLogStore;
import io.toggleworks.api.auditlog.AuditLogStore.Operation;
import io.toggleworks.api.auditlog.DataChange;
import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.flags.Flags;
import io.toggleworks.api.messaging.ChangePublisher;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * FeatBit's segment change pipeline (api.md §5.1) in one transaction: the row, its audit entry, and for targeting
 * changes the referencing flags' {@code updatedAt} (so SDKs re-sync them) with one audit entry each; then, after
 * commit, one {@code featbit-segment-change} per environment the segment applies to.
 */
@Service
public class SegmentService {
    private final SegmentStore segments;
    private final SegmentScopes scopes;
    private final FlagStore flags;
    private final AuditLogStore audit;
    private final ChangePublisher publisher;

    public SegmentService(SegmentStore segments, SegmentScopes scopes, FlagStore flags, AuditLogStore audit,
                          ChangePublisher publisher) {
        this.segments = segments;
        this.scopes = scopes;
        this.flags = flags;
        this.audit = audit;
        this.publisher = publisher;
    }

    @Transactional
    public SegmentEntity create(UUID envId, SegmentEntity s, UUID operatorId) {
        segments.insert(s);
        audit.insert(envId, s.id().toString(), AuditLogStore.SEGMENT, s.name(), Operation.Create,
                new DataChange("", Json.write(s)), "", operatorId);
        publish(s, false, operatorId);
        return s;
    }

    /** Saves a changed copy of {@code before}; 409 when the row changed since it was read. No-op edits do nothing. */
    @Transactional
    public SegmentEntity update(UUID envId, SegmentEntity before, SegmentEntity after, Operation operation, String comment,
                                UUID operatorId, boolean targetingChange) {
        if (after.equals(before)) {
            return before;
        }
        Instant now = Flags.now();
        SegmentEntity saved = after.with(after.name(), after.description(), after.tags(), after.included(), after.excluded(),
                after.rules(), after.isArchived(), now.isAfter(before.updatedAt()) ? now : before.updatedAt().plusMillis(1));
        if (!segments.update(saved, before.updatedAt())) {
            throw ApiException.conflict();
        }
        audit.insert(envId, saved.id().toString(), AuditLogStore.SEGMENT, saved.name(), operation,
                new DataChange(Json.write(before), Json.write(saved)), comment, operatorId);
        publish(saved, targetingChange && operation == Operation.Update, operatorId);
        return saved;
    }

    @Transactional
    public void delete(UUID envId, SegmentEntity s, String comment, UUID operatorId) {
        List<UUID> envIds = scopes.envIds(s);
        segments.delete(s.id());
        audit.insert(envId, s.id().toString(), AuditLogStore.SEGMENT, s.name(), Operation.Remove,
                new DataChange(Json.write(s), ""), comment, operatorId);
        publisher.segmentDeleted(s.id(), envIds);
    }

    private void publish(SegmentEntity s, boolean targetingChange, UUID operatorId) {
        List<ChangePublisher.EnvFlags> perEnv = new ArrayList<>();
        for (UUID envId : scopes.envIds(s)) {
            List<FeatureFlag> touched = new ArrayList<>();
            if (targetingChange) {
                Instant at = s.updatedAt();
                for (FeatureFlag before : flags.referencingSegment(List.of(envId), s.id())) {
                    Flags.Edit e = new Flags.Edit(before);
                    e.updatedAt = at;
                    e.updatorId = operatorId;
                    FeatureFlag after = e.build();
                    touched.add(after);
                    audit.insert(envId, after.id().toString(), AuditLogStore.FEATURE_FLAG, after.key() + "," + after.name(),
                            Operation.Update, new DataChange(Json.write(before), Json.write(after)),
                            "Referenced segment '" + s.name() + "' has been updated.", operatorId);
                }
                flags.touch(touched.stream().map(FeatureFlag::id).toList(), at, operatorId);
            }
            perEnv.add(new ChangePublisher.EnvFlags(envId, touched));
        }
        publisher.segmentChanged(s.toWire(s.envId()), perEnv);
    }
}
