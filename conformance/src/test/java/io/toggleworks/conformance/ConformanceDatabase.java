package io.toggleworks.conformance;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own for one test class: on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust) when
 * it is reachable, otherwise on an embedded PostgreSQL (zonky) started for the run. Dropped on {@link #close()}.
 */
final class ConformanceDatabase implements AutoCloseable {
    private static final String HOST = System.getenv().getOrDefault("TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("TEST_PG_PORT", "5432");
    private static final String USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");

    private final String adminUrl;
    private final String name;
    private final EmbeddedPostgres embedded;

    private ConformanceDatabase(String adminUrl, String name, EmbeddedPostgres embedded) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.embedded = embedded;
    }

    static ConformanceDatabase create() {
        String name = "tw_conformance_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        String machine = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
        try {
            createDatabase(machine, name);
            return new ConformanceDatabase(machine, name, null);
        } catch (SQLException unreachable) {
            System.err.println("[conformance] PostgreSQL at " + HOST + ":" + PORT + " is not reachable (" + unreachable.getMessage()
                    + "); falling back to an embedded PostgreSQL");
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            String admin = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            createDatabase(admin, name);
            return new ConformanceDatabase(admin, name, pg);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("neither the machine's PostgreSQL nor an embedded one could be used", e);
        }
    }

    private static void createDatabase(String adminUrl, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, USER, ""); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
    }

    /** FeatBit's Npgsql form, as operators write {@code Postgres__ConnectionString}. */
    String connectionString() {
        java.net.URI uri = java.net.URI.create(adminUrl.substring("jdbc:".length()));
        return "Host=" + uri.getHost() + ";Port=" + uri.getPort() + ";Username=" + USER + ";Password=;Database=" + name;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name, USER, "");
    }

    /** Runs a query and returns the first column of every row as text. */
    List<String> column(String sql, Object... params) {
        try (Connection c = connect(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(adminUrl, USER, ""); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            System.err.println("[conformance] could not drop " + name + ": " + e.getMessage());
        } finally {
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (IOException e) {
                    System.err.println("[conformance] embedded PostgreSQL did not stop: " + e.getMessage());
                }
            }
        }
    }
}
