package io.toggleworks.api.db;

import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Serializes "is this key free? then insert" per scope and key, inside the caller's transaction, so two
 * concurrent creates cannot both take the same key. FeatBit's schema has no unique index for these keys, and
 * existing FeatBit data may hold duplicates, so a constraint cannot be added (ADR 0023).
 */
@Component
public class NameLocks {
    private final JdbcClient jdbc;

    public NameLocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Must run inside a transaction: the lock is released at its end. */
    public void lock(String kind, UUID scope, String key) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:k, 0))")
                .param("k", kind + ":" + scope + ":" + key.toLowerCase(Locale.ROOT)).query((rs, i) -> 1).single();
    }
}
