package io.toggleworks.api.flags;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Read-only names of who created flags, for the flag list: a user (name, email) or, failing that, an access token
 * (its name, email "Access token"). One implementation per {@code DbProvider}.
 */
public interface CreatorStore {
    record Creator(UUID id, String name, String email) {
    }

    /** The creators found among {@code ids}; unknown ids are absent. */
    Map<UUID, Creator> creators(Collection<UUID> ids);
}
