package io.toggleworks.api.auditlog;

import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Audit log entries of flags and segments (api.md §3.9, §5.4). */
public interface AuditLogStore {
    String FEATURE_FLAG = "FeatureFlag";
    String SEGMENT = "Segment";
    /** FeatBit's system user, shown as "System". */
    UUID SYSTEM = new UUID(0, 0);

    /** Operations FeatBit records. */
    enum Operation { Create, Update, Archive, Restore, Remove, ApplyFlagChangeRequest, ApplyFlagSchedule }

    /** Filters of the list endpoint; null/blank means "any". */
    record Filter(List<UUID> envIds, String query, UUID creatorId, String refId, String refType, Instant from, Instant to) {
    }

    record Row(UUID id, UUID envId, String refId, String refType, String keyword, String operation, DataChange dataChange,
               String comment, UUID creatorId, String creatorName, String creatorEmail, Instant createdAt) {
    }

    record Operator(UUID id, String name, String email) {
    }

    record LastChange(Operator operator, Instant happenedAt, String comment) {
    }

    /** Writes one entry; keyword and comment are cut to 512 characters. */
    void insert(UUID envId, String refId, String refType, String keyword, Operation operation, DataChange change,
                String comment, UUID creatorId);

    /**
     * A page of entries, newest first (then by id, descending). The creator is named after the user, else the
     * access token ("Access token"), else "System" for the system user, else "Ghost".
     */
    PagedResult<Row> list(Filter f, Paging paging);

    /** The last non-Create entry of each flag: FeatBit's "last change" of the flag list, by flag id text. */
    Map<String, LastChange> lastChanges(UUID envId, List<UUID> flagIds);

    /** Every entry, for tests and diagnostics. */
    long count();

    /** The ids of the organization's environments (the {@code crossEnvironment} scope). */
    List<UUID> envIdsOfOrganization(UUID organizationId);
}
