package io.toggleworks.els.support;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** A throw-away database on the machine's PostgreSQL with FeatBit's schema (the project's Flyway migrations). */
public final class TestDatabase implements AutoCloseable {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public final String name = "tw_els_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    public final String url = "jdbc:postgresql://127.0.0.1:5432/" + name;

    private TestDatabase() {
    }

    public static TestDatabase create() {
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

    public String npgsqlConnectionString() {
        return "Host=127.0.0.1;Port=5432;Username=postgres;Database=" + name;
    }

    public void exec(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); PreparedStatement ps = c.prepareStatement(sql)) {
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
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
