package io.toggleworks.das.experiments;

import io.toggleworks.das.DasApplication;
import io.toggleworks.spi.analytics.AnalyticsStore;
import org.junit.jupiter.api.Assumptions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The DAS booted on a free port with DB_PROVIDER=Postgres against a throw-away database (random name) on the
 * machine's PostgreSQL (127.0.0.1:5432, user postgres, trust); {@link #close()} stops it and drops the database.
 * Without a PostgreSQL there the test is skipped, or fails when CI=true.
 */
final class RunningDas implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int PORT = 5432;

    private final String database;
    private final ConfigurableApplicationContext context;

    private RunningDas(String database, ConfigurableApplicationContext context) {
        this.database = database;
        this.context = context;
    }

    static RunningDas start() {
        requirePostgres();
        String database = "tw_das_expt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("create database " + database);
        try {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(DasApplication.class).run(
                    "--server.port=0", "--spring.main.banner-mode=off", "--DB_PROVIDER=Postgres",
                    "--Postgres__ConnectionString=Host=" + HOST + ";Port=" + PORT
                            + ";Username=postgres;Password=;Database=" + database);
            return new RunningDas(database, context);
        } catch (RuntimeException e) {
            admin("drop database if exists " + database + " with (force)");
            throw e;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** The store the running DAS reads, to load events through the same real component. */
    AnalyticsStore store() {
        return context.getBean(AnalyticsStore.class);
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            admin("drop database if exists " + database + " with (force)");
        }
    }

    private static void requirePostgres() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 2000);
        } catch (Exception e) {
            String message = "PostgreSQL is not listening on " + HOST + ":" + PORT
                    + " (install it: apt-get install postgresql, trust auth for user postgres)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message, e);
            }
            Assumptions.abort(message);
        }
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres",
                "postgres", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
