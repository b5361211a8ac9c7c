package io.toggleworks.das;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away database with a random name on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust);
 * dropped by {@link #close}. Without that server the test is skipped, or fails when {@code CI=true}.
 */
public final class TestDatabase implements AutoCloseable {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public final String name = "tw_das_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);

    public static TestDatabase create() {
        TestDatabase db = new TestDatabase();
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("create database " + db.name);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 (user postgres) is required", e);
            }
            Assumptions.abort("PostgreSQL at 127.0.0.1:5432 (user postgres, trust) is not reachable; install it "
                    + "(apt-get install postgresql) to run this test: " + e.getMessage());
        }
        return db;
    }

    public String npgsql() {
        return "Host=127.0.0.1;Port=5432;Username=postgres;Password=;Database=" + name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
