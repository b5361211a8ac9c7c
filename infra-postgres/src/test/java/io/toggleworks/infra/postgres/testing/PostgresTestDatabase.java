package io.toggleworks.infra.postgres.testing;

import io.toggleworks.infra.postgres.jdbc.PostgresConnectionString;
import io.toggleworks.testkit.postgres.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A throw-away database with a random name ({@link TestDatabase}: the machine's PostgreSQL, or an embedded one when
 * none is listening), with what the provider tests need on top; dropped by {@link #close()}.
 */
public final class PostgresTestDatabase implements AutoCloseable {
    private final TestDatabase db;

    private PostgresTestDatabase(TestDatabase db) {
        this.db = db;
    }

    public static PostgresTestDatabase create(String prefix) {
        return new PostgresTestDatabase(TestDatabase.create(prefix));
    }

    public String name() {
        return db.name();
    }

    public int port() {
        return db.port();
    }

    /** FeatBit's form of the connection string, as operators write it. */
    public String npgsqlConnectionString() {
        return db.npgsqlConnectionString();
    }

    public String jdbcUrl() {
        return db.jdbcUrl();
    }

    public Connection connect() throws SQLException {
        return db.connect();
    }

    /** Creates FeatBit's {@code queue_messages} exactly as its init script does (spec §2.3.1), if absent. */
    public PostgresTestDatabase withQueueTable() {
        // The Flyway migrations create the same table; the queue tests do not depend on the rest of the schema.
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(io.toggleworks.infra.postgres.mq.QueueSchema.DDL);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Ends every session on this database except the caller's, as a server restart or failover would. */
    public int terminateSessions() throws SQLException {
        return db.terminateSessions();
    }

    public PostgresConnectionString connectionString() {
        return PostgresConnectionString.parse(npgsqlConnectionString());
    }

    @Override
    public void close() {
        db.close();
    }
}
