package io.toggleworks.portal.apiclient;

import java.time.Instant;
import java.util.List;

/** An audit-log entry. */
public record AuditLog(String id, String refId, String refType, String operation, DataChange dataChange, String comment, String creatorId, String creatorName, String creatorEmail, Instant createdAt, List<Instruction> instructions) {
}
