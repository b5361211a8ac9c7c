package io.toggleworks.els.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A throw-away database with FeatBit's schema (the project's Flyway migrations), on the machine's PostgreSQL or an
 * embedded one ({@link io.toggleworks.testkit.postgres.TestDatabase}); dropped by {@link #close()}.
 */
public final class TestDatabase implements AutoCloseable {
    private final io.toggleworks.testkit.postgres.TestDatabase db;
    public final String name;
    public final String url;

    private TestDatabase(io.toggleworks.testkit.postgres.TestDatabase db) {
        this.db = db;
        this.name = db.name();
        this.url = db.jdbcUrl();
    }

    public static TestDatabase create() {
        return new TestDatabase(io.toggleworks.testkit.postgres.TestDatabase.create("tw_els")
                .migrate("classpath:db/migration/postgresql"));
    }

    public String npgsqlConnectionString() {
        return db.npgsqlConnectionString();
    }

    public Connection connect() throws SQLException {
        return db.connect();
    }

    public void exec(String sql, Object... args) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof String[] arr) {
                    ps.setArray(i + 1, c.createArrayOf("text", arr));
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
