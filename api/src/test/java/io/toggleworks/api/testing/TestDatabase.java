package io.toggleworks.api.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A PostgreSQL database of its own for one test run, on the machine's server (127.0.0.1:5432, user postgres,
 * trust), dropped on {@link #close()}. When the server is unreachable the test fails with {@code CI=true} and is
 * skipped otherwise, saying what is missing.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String HOST = System.getenv().getOrDefault("TEST_PG_HOST", "127.0.0.1");
    public static final String PORT = System.getenv().getOrDefault("TEST_PG_PORT", "5432");
    public static final String USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");
    private static final String ADMIN_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";

    private final String name;
    private final HikariDataSource pool;
    private final JdbcClient jdbc;

    private TestDatabase(String name) {
        this.name = name;
        // A small pool: tests query often, and opening a connection per query is slow on a busy machine.
        this.pool = new HikariDataSource();
        pool.setJdbcUrl(jdbcUrl());
        pool.setUsername(USER);
        pool.setMaximumPoolSize(2);
        pool.setMinimumIdle(0);
        pool.setPoolName("test-" + name);
        this.jdbc = JdbcClient.create(pool);
    }

    /** A new, empty database with a random name. */
    public static TestDatabase create() {
        String name = "tw_api_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            unavailable(e);
        }
        return new TestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    /** FeatBit's Npgsql form of the connection string, which the app must understand. */
    public String npgsqlConnectionString() {
        return "Host=" + HOST + ";Port=" + PORT + ";Username=" + USER + ";Password=;Database=" + name;
    }

    /** Direct access for arranging data and asserting what the API wrote. */
    public JdbcClient jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        pool.close();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name, e);
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(ADMIN_URL, USER, "");
    }

    private static void unavailable(SQLException e) {
        String message = "PostgreSQL is not reachable at " + HOST + ":" + PORT + " as user " + USER + " (" + e.getMessage()
                + "). Install and start it (apt-get install postgresql; trust auth for 127.0.0.1) or set TEST_PG_HOST/PORT/USER.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message, e);
        }
        Assumptions.abort(message);
    }
}
