package io.toggleworks.portal.apiclient;

import java.time.Instant;
import java.util.List;

/** An access token (token masked except right after creation). */
public record AccessToken(String id, String name, String type, String status, String token, List<PolicyStatement> permissions, Instant lastUsedAt, UserRef creator) {
}
