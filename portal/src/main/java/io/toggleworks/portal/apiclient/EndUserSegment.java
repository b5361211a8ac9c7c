package io.toggleworks.portal.apiclient;

import java.time.Instant;

/** A segment an end user matches. */
public record EndUserSegment(String id, String name, String type, Instant updatedAt) {
}
