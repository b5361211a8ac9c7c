package io.toggleworks.conformance;

import io.toggleworks.api.ApiApplication;
import io.toggleworks.els.EvaluationServer;
import io.toggleworks.els.EvaluationServerLauncher;
import io.toggleworks.els.config.ElsConfig;
import io.toggleworks.spi.config.ProviderConfig;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The API and the Evaluation Server in this JVM, on free ports, against one database, configured with FeatBit's
 * setting names as an operator would: by default on the PostgreSQL queue and without cache (FeatBit's Standalone
 * tier); {@link #start(ConformanceDatabase, Map)} switches providers by settings only. The Evaluation Server can be
 * stopped and started again on the same port, as when it is redeployed.
 */
final class RunningPlatform implements AutoCloseable {
    private final ConformanceDatabase database;
    private final ConfigurableApplicationContext api;
    private final Map<String, String> elsSettings;
    private EvaluationServer els;
    private int elsPort;

    private RunningPlatform(ConformanceDatabase database, ConfigurableApplicationContext api, Map<String, String> elsSettings) {
        this.database = database;
        this.api = api;
        this.elsSettings = elsSettings;
    }

    static RunningPlatform start(ConformanceDatabase database) throws InterruptedException {
        return start(database, Map.of());
    }

    /** As {@link #start(ConformanceDatabase)}, with {@code settings} (FeatBit's names) given to both services. */
    static RunningPlatform start(ConformanceDatabase database, Map<String, String> settings) throws InterruptedException {
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("DbProvider", "Postgres");
        shared.put("MqProvider", "Postgres");
        shared.put("CacheProvider", "None");
        shared.put("Postgres__ConnectionString", database.connectionString());
        shared.putAll(settings);

        // The API first: its Flyway migration creates the schema the Evaluation Server reads.
        Map<String, String> apiSettings = new LinkedHashMap<>(shared);
        apiSettings.put("server.port", "0");
        apiSettings.put("server.address", "127.0.0.1");
        apiSettings.put("Jwt__Key", "conformance-" + UUID.randomUUID() + "-" + UUID.randomUUID());
        apiSettings.put("spring.main.banner-mode", "off");
        List<String> args = new ArrayList<>();
        apiSettings.forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext api = new SpringApplicationBuilder(ApiApplication.class).run(args.toArray(String[]::new));

        Map<String, String> els = new LinkedHashMap<>(shared);
        els.put("Els:Host", "127.0.0.1");
        RunningPlatform platform = new RunningPlatform(database, api, els);
        try {
            platform.startEvaluationServer(0);
        } catch (RuntimeException | InterruptedException e) {
            api.close();
            throw e;
        }
        return platform;
    }

    private void startEvaluationServer(int port) throws InterruptedException {
        Map<String, String> settings = new LinkedHashMap<>(elsSettings);
        settings.put("Els:Port", String.valueOf(port));
        ProviderConfig config = ProviderConfig.of(settings);
        els = EvaluationServerLauncher.create(ElsConfig.from(config)).start();
        elsPort = els.port();
    }

    /**
     * Another Evaluation Server instance with the same settings, on a free port, as when the ELS is scaled out:
     * every instance must receive every change. The caller closes it.
     */
    EvaluationServer startAnotherEvaluationServer() throws InterruptedException {
        Map<String, String> settings = new LinkedHashMap<>(elsSettings);
        settings.put("Els:Port", "0");
        return EvaluationServerLauncher.create(ElsConfig.from(ProviderConfig.of(settings))).start();
    }

    /** Stops the Evaluation Server (sockets closed with 1001, buffered events flushed). */
    synchronized void stopEvaluationServer() {
        if (els != null) {
            els.close();
            els = null;
        }
    }

    /** Starts the Evaluation Server again on the port it had, retrying while the port is still being released. */
    synchronized void restartEvaluationServer() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                startEvaluationServer(elsPort);
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    String apiUrl() {
        return "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
    }

    String elsHttpUrl() {
        return "http://127.0.0.1:" + elsPort;
    }

    String elsWebSocketUrl() {
        return "ws://127.0.0.1:" + elsPort;
    }

    ConformanceDatabase database() {
        return database;
    }

    @Override
    public void close() {
        try {
            stopEvaluationServer();
        } finally {
            api.close();
        }
    }
}
