package io.toggleworks.infra.postgres.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** A throw-away database on the machine's PostgreSQL with FeatBit's schema migrated in; dropped by {@link #close}. */
final class TestDatabase implements AutoCloseable {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    final String name = "tw_store_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    final String url = "jdbc:postgresql://127.0.0.1:5432/" + name;

    private TestDatabase() {
    }

    static TestDatabase create() {
        TestDatabase db = new TestDatabase();
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("create database " + db.name);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 (user postgres) is required", e);
            }
            Assumptions.abort("PostgreSQL at 127.0.0.1:5432 (user postgres, trust) is not reachable; skipping: " + e.getMessage());
        }
        Flyway.configure().dataSource(db.url, "postgres", "").locations("classpath:db/migration/postgresql").load().migrate();
        return db;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
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
