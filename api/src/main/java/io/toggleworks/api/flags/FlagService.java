package io.toggleworks.api.flags;

import io.toggleworks.api.auditlog.AuditLogStore;
import io.toggleworks.api.auditlog.AuditLogStore.Operation;
import io.toggleworks.api.auditlog.DataChange;
import io.toggleworks.api.messaging.ChangePublisher;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.UUID;

/**
 * FeatBit's flag change pipeline (api.md §5.1) in one transaction: the row, the audit-log entry and the revision
 * snapshot commit together; the change message and cache write follow the commit ({@link ChangePublisher}).
 */
@Service
public class FlagService {
    private final FlagStore flags;
    private final AuditLogStore audit;
    private final ChangePublisher publisher;

    public FlagService(FlagStore flags, AuditLogStore audit, ChangePublisher publisher) {
        this.flags = flags;
        this.audit = audit;
        this.publisher = publisher;
    }

    @Transactional
    public FeatureFlag create(FeatureFlag flag, String comment) {
        flags.insert(flag);
        record(flag, Operation.Create, new DataChange("", Json.write(flag)), comment, flag.creatorId());
        return flag;
    }

    /**
     * Saves {@code edited} (a changed copy of {@code before}) with a new revision and updatedAt, if nobody changed
     * the flag since {@code before} was read; else 409. No-op edits change nothing and return {@code before}.
     */
    @Transactional
    public FeatureFlag update(FeatureFlag before, Flags.Edit edited, Operation operation, String comment, UUID operatorId) {
        edited.id = before.id();
        edited.envId = before.envId();
        edited.createdAt = before.createdAt();
        edited.creatorId = before.creatorId();
        edited.revision = before.revision();
        edited.updatedAt = before.updatedAt();
        edited.updatorId = before.updatorId();
        if (edited.build().equals(before)) {
            return before;
        }
        edited.revision = UUID.randomUUID();
        edited.updatedAt = Flags.now();
        edited.updatorId = operatorId;
        FeatureFlag after = edited.build();
        if (!flags.update(after, before.revision())) {
            throw ApiException.conflict();
        }
        record(after, operation, new DataChange(Json.write(before), Json.write(after)), comment, operatorId);
        return after;
    }

    /** Hard delete of an archived flag: audit {@code Remove}, cache delete; no message (api.md §5.1). */
    @Transactional
    public void delete(FeatureFlag flag, String comment, UUID operatorId) {
        flags.delete(flag.id());
        audit.insert(flag.envId(), flag.id().toString(), AuditLogStore.FEATURE_FLAG, keyword(flag), Operation.Remove,
                new DataChange(Json.write(flag), ""), comment, operatorId);
        publisher.flagDeleted(flag.envId(), flag.id());
    }

    private void record(FeatureFlag flag, Operation operation, DataChange change, String comment, UUID operatorId) {
        audit.insert(flag.envId(), flag.id().toString(), AuditLogStore.FEATURE_FLAG, keyword(flag), operation, change,
                comment, operatorId);
        flags.insertRevision(flag, comment);
        publisher.flagChanged(flag);
    }

    /** Publishes a flag written outside {@link #update} (copy to another environment) after the commit. */
    public void announce(FeatureFlag flag) {
        publisher.flagChanged(flag);
    }

    static String keyword(FeatureFlag flag) {
        return flag.key() + "," + flag.name();
    }
}
