package io.toggleworks.infra.postgres.testing;

import io.toggleworks.infra.postgres.jdbc.PostgresConnectionString;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away database with a random name on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust),
 * or on an embedded PostgreSQL when none is listening there; dropped by {@link #close()}.
 */
public final class PostgresTestDatabase implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    /** The machine's server; {@code -Dtoggleworks.test.postgres.port=N} points elsewhere (an unused port forces the embedded one). */
    private static final int MACHINE_PORT = Integer.getInteger("toggleworks.test.postgres.port", 5432);
    private static EmbeddedPostgres embedded;

    private final int port;
    private final String name;

    private PostgresTestDatabase(int port, String name) {
        this.port = port;
        this.name = name;
    }

    public static PostgresTestDatabase create(String prefix) {
        int port = serverPort();
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
        try (Connection c = admin(port); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new PostgresTestDatabase(port, name);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** FeatBit's form of the connection string, as operators write it. */
    public String npgsqlConnectionString() {
        return "Host=" + HOST + ";Port=" + port + ";Username=postgres;Password=;Database=" + name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    /** Creates FeatBit's {@code queue_messages} exactly as its init script does (spec §2.3.1), if absent. */
    public PostgresTestDatabase withQueueTable() {
        // The Flyway migrations create the same table; the queue tests do not depend on the rest of the schema.
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("""
                    create table if not exists queue_messages
                    (
                        id                bigint generated always as identity constraint pk_queue_messages primary key,
                        topic             varchar(128) not null,
                        status            varchar(64)  not null default 'Pending',
                        enqueued_at       timestamptz  not null default now(),
                        not_visible_until timestamptz,
                        last_deliver_at   timestamptz,
                        last_handled_at   timestamptz,
                        deliver_count     integer      not null default 0,
                        payload           text,
                        error             text
                    );
                    create index if not exists ix_queue_messages_not_visible_until_topic_status
                        on queue_messages (not_visible_until, topic, status);
                    """);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Ends every session on this database except the caller's, as a server restart or failover would. */
    public int terminateSessions() throws SQLException {
        try (Connection c = admin(port); var ps = c.prepareStatement(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public PostgresConnectionString connectionString() {
        return PostgresConnectionString.parse(npgsqlConnectionString());
    }

    @Override
    public void close() {
        try (Connection c = admin(port); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }

    private static Connection admin(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + port + "/postgres", "postgres", "");
    }

    private static synchronized int serverPort() {
        if (embedded != null) {
            return embedded.getPort();
        }
        if (reachable(MACHINE_PORT)) {
            try (Connection ignored = admin(MACHINE_PORT)) {
                return MACHINE_PORT;
            } catch (SQLException e) {
                System.err.println("PostgreSQL at " + HOST + ":" + MACHINE_PORT + " refused user postgres (" + e.getMessage()
                        + "); using an embedded PostgreSQL instead");
            }
        }
        try {
            embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return embedded.getPort();
        } catch (IOException e) {
            throw new IllegalStateException("No PostgreSQL at " + HOST + ":" + MACHINE_PORT
                    + " and the embedded one did not start; install PostgreSQL (apt-get install postgresql)", e);
        }
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
