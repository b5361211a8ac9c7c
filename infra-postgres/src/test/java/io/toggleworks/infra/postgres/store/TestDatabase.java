package io.toggleworks.infra.postgres.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A throw-away database with FeatBit's schema migrated in ({@link io.toggleworks.testkit.postgres.TestDatabase}). */
final class TestDatabase implements AutoCloseable {
    private final io.toggleworks.testkit.postgres.TestDatabase db;
    final String name;

    private TestDatabase(io.toggleworks.testkit.postgres.TestDatabase db) {
        this.db = db;
        this.name = db.name();
    }

    static TestDatabase create() {
        return new TestDatabase(io.toggleworks.testkit.postgres.TestDatabase.create("tw_store")
                .migrate("classpath:db/migration/postgresql"));
    }

    Connection connect() throws SQLException {
        return db.connect();
    }

    /** FeatBit's form of {@code Postgres__ConnectionString} for this database. */
    String npgsqlConnectionString() {
        return db.npgsqlConnectionString();
    }

    @Override
    public void close() {
        db.close();
    }
}
