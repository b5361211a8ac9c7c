package io.toggleworks.api.testing;

import io.toggleworks.api.ApiApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The API application booted on a random port against a test database, configured the way an operator would:
 * FeatBit's environment variable names, the Npgsql connection string form. Settings are passed as command-line
 * arguments so they win over anything in the process environment.
 */
public final class RunningApi implements AutoCloseable {
    public static final String JWT_KEY = "test-jwt-key-" + UUID.randomUUID() + "-long-enough";

    private final ConfigurableApplicationContext context;
    private final TestDatabase database;
    private final MongoBackend mongo;

    private RunningApi(ConfigurableApplicationContext context, TestDatabase database, MongoBackend mongo) {
        this.context = context;
        this.database = database;
        this.mongo = mongo;
    }

    public static RunningApi start(TestDatabase database) {
        return start(database, Map.of());
    }

    public static RunningApi start(TestDatabase database, Map<String, String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("DbProvider", "Postgres");
        settings.put("MqProvider", "Postgres");
        settings.put("CacheProvider", "None");
        settings.put("Postgres__ConnectionString", database.npgsqlConnectionString());
        settings.put("Jwt__Key", JWT_KEY);
        settings.put("spring.main.banner-mode", "off");
        settings.putAll(overrides);
        return new RunningApi(run(settings), database, null);
    }

    /** The API on {@code DbProvider=MongoDb} (see {@link MongoBackend}). */
    public static RunningApi start(MongoBackend mongo, Map<String, String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("CacheProvider", "None");
        settings.putAll(mongo.settings());
        settings.put("Jwt__Key", JWT_KEY);
        settings.put("spring.main.banner-mode", "off");
        settings.putAll(overrides);
        return new RunningApi(run(settings), null, mongo);
    }

    private static ConfigurableApplicationContext run(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new SpringApplicationBuilder(ApiApplication.class).run(args.toArray(String[]::new));
    }

    /** True when this API runs on MongoDB. */
    public boolean onMongo() {
        return mongo != null;
    }

    /** The MongoDB back end, when {@link #onMongo()}. */
    public MongoBackend mongo() {
        if (mongo == null) {
            throw new IllegalStateException("this API runs on PostgreSQL");
        }
        return mongo;
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** The PostgreSQL test database; on MongoDB the calling test is skipped (it checks PostgreSQL tables). */
    public TestDatabase database() {
        if (database == null) {
            org.junit.jupiter.api.Assumptions.abort("checks PostgreSQL tables; this run is on MongoDB");
        }
        return database;
    }

    /** A client that is not signed in. */
    public ApiClient anonymous() {
        return ApiClient.anonymous(baseUrl());
    }

    /** A client signed in as the seeded user {@code test@featbit.com}, in its first workspace and organization. */
    public ApiClient seededUser() {
        return anonymous().login("test@featbit.com", "123456");
    }

    @Override
    public void close() {
        context.close();
    }
}
