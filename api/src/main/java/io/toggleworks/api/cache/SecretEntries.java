package io.toggleworks.api.cache;

import io.toggleworks.api.tenancy.Secret;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.spi.cache.SecretEntry;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An environment's secrets as cache entries: those of an unknown type or without a value are left out. */
final class SecretEntries {
    private SecretEntries() {
    }

    static List<SecretEntry> of(List<Secret> secrets, UUID orgId, String orgKey, UUID projectId, String projectKey,
                                UUID envId, String envKey) {
        return secrets.stream().flatMap(s -> {
            Optional<SecretType> type = SecretType.fromWire(s.type());
            if (type.isEmpty() || s.value() == null || s.value().isBlank()) {
                return java.util.stream.Stream.<SecretEntry>empty();
            }
            return java.util.stream.Stream.of(new SecretEntry(s.value(), type.get(), orgId, orgKey, projectId, projectKey,
                    envId, envKey));
        }).toList();
    }
}
