package io.toggleworks.portal.apiclient;

import java.time.Instant;
import java.util.List;

/** An IAM policy. */
public record Policy(String id, String name, String key, String type, String description, List<PolicyStatement> statements, Instant updatedAt) {
}
