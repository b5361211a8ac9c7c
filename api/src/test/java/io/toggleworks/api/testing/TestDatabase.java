package io.toggleworks.api.testing;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A PostgreSQL database of its own for one test run ({@link io.toggleworks.testkit.postgres.TestDatabase}: the
 * machine's server, or an embedded one), empty: the app migrates it at start. Dropped on {@link #close()}.
 */
public final class TestDatabase implements AutoCloseable {
    /** The login role of test databases (the machine's {@code TEST_PG_USER}, else postgres). */
    public static final String USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");

    private final io.toggleworks.testkit.postgres.TestDatabase db;
    private final HikariDataSource pool;
    private final JdbcClient jdbc;

    private TestDatabase(io.toggleworks.testkit.postgres.TestDatabase db) {
        this.db = db;
        // A small pool: tests query often, and opening a connection per query is slow on a busy machine.
        this.pool = new HikariDataSource();
        pool.setJdbcUrl(db.jdbcUrl());
        pool.setUsername(db.user());
        pool.setMaximumPoolSize(2);
        pool.setMinimumIdle(0);
        pool.setPoolName("test-" + db.name());
        this.jdbc = JdbcClient.create(pool);
    }

    /** A new, empty database with a random name. */
    public static TestDatabase create() {
        return new TestDatabase(io.toggleworks.testkit.postgres.TestDatabase.create("tw_api_test"));
    }

    public String name() {
        return db.name();
    }

    public String jdbcUrl() {
        return db.jdbcUrl();
    }

    /** FeatBit's Npgsql form of the connection string, which the app must understand. */
    public String npgsqlConnectionString() {
        return db.npgsqlConnectionString();
    }

    /** Direct access for arranging data and asserting what the API wrote. */
    public JdbcClient jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        pool.close();
        db.close();
    }
}
