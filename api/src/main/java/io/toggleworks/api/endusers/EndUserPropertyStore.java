package io.toggleworks.api.endusers;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The end-user properties of each environment (FeatBit's {@code EndUserProperties}, api.md §3.8); one implementation
 * per {@code DbProvider} (ADR 0052).
 */
public interface EndUserPropertyStore {
    /** Built-in ones first, then by creation time and name. */
    List<EndUserProperty> list(UUID envId);

    List<String> names(UUID envId);

    Optional<EndUserProperty> find(UUID envId, UUID id);

    /** The property with this id in any environment (to refuse ids of another environment). */
    Optional<EndUserProperty> findById(UUID id);

    /** Whether another property of the environment (not {@code exceptId}) has exactly this name. */
    boolean nameUsed(UUID envId, String name, UUID exceptId);

    /**
     * Adds the names not yet known for the environment, with empty presets; concurrent adds of one name leave one
     * property. Blank names and names over 128 characters are ignored. Returns how many were added.
     */
    int addMissing(UUID envId, List<String> names);

    /** Inserts or replaces the property with this id (never built in); {@code createdAt} is kept from the first write. */
    void upsert(EndUserProperty property);

    void delete(UUID id);

    /** The names {@link #addMissing} considers, in order, without duplicates. */
    static List<String> wanted(List<String> names) {
        return names.stream().filter(n -> n != null && !n.isBlank() && n.length() <= 128).distinct().toList();
    }
}
