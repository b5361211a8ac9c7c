package io.toggleworks.standalone;

import io.toggleworks.api.ApiApplication;
import io.toggleworks.das.DasApplication;
import io.toggleworks.portal.PortalApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The whole platform in one JVM: an embedded PostgreSQL whose data lives in the data folder, the API (5000), the
 * Evaluation Server (5100), the Data Analytics Service (8200) and the portal (8081), on the PostgreSQL queue with no
 * cache and the analytics in the same database — FeatBit's Standalone tier.
 */
public final class Standalone {

    private final StandaloneSettings settings;
    private final List<AutoCloseable> running = new ArrayList<>();

    Standalone(StandaloneSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Standalone standalone = new Standalone(StandaloneSettings.fromEnvironment());
        Runtime.getRuntime().addShutdownHook(new Thread(standalone::stop, "toggleworks-shutdown"));
        standalone.start();
    }

    /** Starts everything; returns when all services accept requests. */
    void start() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(settings.dataDir());
        EmbeddedPostgres postgres = startPostgres();
        String jdbcUrl = postgres.getJdbcUrl("postgres", "featbit");

        Map<String, Object> shared = new HashMap<>();
        shared.put("DbProvider", "Postgres");
        shared.put("MqProvider", "Postgres");
        shared.put("CacheProvider", "None");
        shared.put("Postgres__ConnectionString", jdbcUrl);

        Map<String, Object> api = new HashMap<>(shared);
        api.put("server.port", settings.apiPort());
        api.put("Jwt__Key", jwtKey());
        // The API asks this JVM's DAS for insights, as FeatBit's compose points OLAP__ServiceHost at its da-server.
        api.put("OLAP__ServiceHost", "http://localhost:" + settings.dasPort());
        // The portal's template engine is on this classpath too; the API renders no views.
        api.put("spring.autoconfigure.exclude", String.join(",",
                "gg.jte.springframework.boot.autoconfigure.JteAutoConfiguration",
                "gg.jte.springframework.boot.autoconfigure.ServletJteAutoConfiguration"));
        ConfigurableApplicationContext apiContext = ServiceContext.run(ApiApplication.class, api);
        running.add(0, apiContext);

        running.add(0, EvaluationServerStarter.start(shared, settings.elsPort()));

        running.add(0, ServiceContext.run(DasApplication.class, das(jdbcUrl, settings.dasPort())));

        Map<String, Object> portal = new HashMap<>();
        portal.put("server.port", settings.portalPort());
        portal.put("Portal__ApiUrl", "http://localhost:" + settings.apiPort());
        portal.put("Portal__EvaluationUrl", "http://localhost:" + settings.elsPort());
        // The portal talks to the API over HTTP; the JDBC classes on this classpath are the API's, not its own.
        portal.put("spring.autoconfigure.exclude", String.join(",",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"));
        ConfigurableApplicationContext portalContext = ServiceContext.run(PortalApplication.class, portal);
        running.add(0, portalContext);

        long readyMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("""

                ====================================================================
                 Toggleworks is ready in %.1f s
                   Portal            http://localhost:%d   (test@featbit.com / 123456)
                   API               http://localhost:%d
                   Evaluation Server http://localhost:%d   (SDK streaming and events URL)
                   Data Analytics    http://localhost:%d
                   Data folder       %s
                ====================================================================
                %n""", readyMs / 1000.0, settings.portalPort(), settings.apiPort(), settings.elsPort(), settings.dasPort(),
                settings.dataDir().toAbsolutePath().normalize());
    }

    /** The DAS's settings: FeatBit's {@code DB_PROVIDER=Postgres} on the platform's database. */
    static Map<String, Object> das(String jdbcUrl, int port) {
        Map<String, Object> das = new HashMap<>();
        das.put("server.port", port);
        das.put("DB_PROVIDER", "Postgres");
        das.put("Postgres__ConnectionString", jdbcUrl);
        // The DAS keeps its own pool in its analytics store; the API's JDBC, Flyway and the portal's templates are
        // on this classpath but not the DAS's.
        das.put("spring.autoconfigure.exclude", String.join(",",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "gg.jte.springframework.boot.autoconfigure.JteAutoConfiguration",
                "gg.jte.springframework.boot.autoconfigure.ServletJteAutoConfiguration"));
        return das;
    }

    private EmbeddedPostgres startPostgres() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(settings.dataDir().resolve("postgres"))
                .setCleanDataDirectory(false)
                .setPort(settings.postgresPort())
                .start();
        running.add(postgres::close);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = 'featbit'")) {
                if (!rs.next()) {
                    s.execute("create database featbit");
                }
            }
        }
        return postgres;
    }

    /** A signing key kept in the data folder, so logins survive restarts but no two installs share one. */
    private String jwtKey() throws IOException {
        Path file = settings.dataDir().resolve("jwt.key");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        String key = HexFormat.of().formatHex(bytes);
        Files.writeString(file, key);
        return key;
    }

    void stop() {
        for (AutoCloseable c : List.copyOf(running)) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        running.clear();
    }
}
