package io.toggleworks.core.secret;

import java.util.UUID;

/** What a store knows about one environment secret (evaluation-server.md §1.1, §7.2). */
public record SecretRecord(String value, SecretType type, UUID envId, String envKey, String projectKey) {
}
