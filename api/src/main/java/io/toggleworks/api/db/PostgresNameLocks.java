package io.toggleworks.api.db;

import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A transaction-scoped PostgreSQL advisory lock per kind, scope and lower-cased key. */
@Component
@OnPostgres
public class PostgresNameLocks implements NameLocks {
    private final JdbcClient jdbc;

    public PostgresNameLocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void lock(String kind, UUID scope, String key) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:k, 0))")
                .param("k", kind + ":" + scope + ":" + key.toLowerCase(Locale.ROOT)).query((rs, i) -> 1).single();
    }
}
