package io.toggleworks.portal.apiclient;

/** Query of GET audit-logs. */
public record AuditFilter(String query, String refId, String refType, boolean crossEnvironment, int pageIndex, int pageSize) {
}
