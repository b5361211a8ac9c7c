package io.toggleworks.spi.cache;

import io.toggleworks.core.secret.SecretType;

import java.util.UUID;

/** One environment secret with its environment's descriptor, as FeatBit's {@code featbit:secret:*} hash holds it. */
public record SecretEntry(String value, SecretType type, UUID organizationId, String organizationKey, UUID projectId,
                          String projectKey, UUID envId, String envKey) {
    public SecretEntry {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a cached secret needs a value");
        }
        if (type == null || organizationId == null || projectId == null || envId == null) {
            throw new IllegalArgumentException("a cached secret needs its type, organization, project and environment");
        }
        organizationKey = organizationKey == null ? "" : organizationKey;
        projectKey = projectKey == null ? "" : projectKey;
        envKey = envKey == null ? "" : envKey;
    }
}
