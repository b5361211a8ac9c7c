package io.toggleworks.api.cache;

import io.toggleworks.spi.cache.SecretEntry;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The main-database reads the cache needs beyond the concepts' own stores; one implementation per {@code DbProvider}
 * (ADR 0052). Read-only.
 */
public interface CacheQueries {
    /** Every environment's id, ordered. */
    List<UUID> environmentIds();

    /** Every segment's id, ordered. */
    List<UUID> segmentIds();

    /** Every usable secret (known type, non-blank value) with its environment's descriptor, by environment id. */
    List<SecretEntry> secrets();

    /** The segment's stored type ({@code shared} or {@code environment-specific}; "" when unset); empty when it is gone. */
    Optional<String> segmentType(UUID segmentId);

    /** The organization's key, "" when it is gone. */
    String organizationKey(UUID organizationId);
}
