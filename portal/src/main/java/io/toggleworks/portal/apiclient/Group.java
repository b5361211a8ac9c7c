package io.toggleworks.portal.apiclient;

import java.time.Instant;

/** An IAM group. */
public record Group(String id, String name, String description, Instant updatedAt) {
}
