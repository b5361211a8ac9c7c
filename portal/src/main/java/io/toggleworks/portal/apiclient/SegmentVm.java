package io.toggleworks.portal.apiclient;

import java.time.Instant;
import java.util.List;

/** A segment list item. */
public record SegmentVm(String id, String name, String key, String type, List<String> scopes, List<String> tags, String description, Instant createdAt, Instant updatedAt) {
}
