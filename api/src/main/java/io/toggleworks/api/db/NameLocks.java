package io.toggleworks.api.db;

import java.util.UUID;

/**
 * Serializes "is this key free? then insert" per scope and key, for the rest of the caller's transaction, so two
 * concurrent creates cannot both take the same key. FeatBit's schema has no unique index for these keys, and
 * existing FeatBit data may hold duplicates, so a constraint cannot be added (ADR 0023).
 */
public interface NameLocks {
    /** Call inside a {@code @Transactional} method: the lock is released when it ends. */
    void lock(String kind, UUID scope, String key);
}
