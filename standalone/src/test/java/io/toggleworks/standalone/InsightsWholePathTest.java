package io.toggleworks.standalone;

import io.toggleworks.api.ApiApplication;
import io.toggleworks.core.json.Json;
import io.toggleworks.das.DasApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Insights through the whole path, wired as the standalone wires them: an SDK's track call reaches the Evaluation
 * Server, which queues {@code featbit-insights} messages in PostgreSQL; the API's job handler writes them to
 * {@code events}; the DAS reads them; the API's insight routes answer the portal with variation names.
 */
@Timeout(300)
class InsightsWholePathTest {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TRUE_ID = "8d4a1e7c-0000-4000-8000-000000000001";
    private static final String FALSE_ID = "8d4a1e7c-0000-4000-8000-000000000002";

    static String database;
    static final List<AutoCloseable> running = new ArrayList<>();
    static String api;
    static String els;
    static String das;

    @BeforeAll
    static void start() throws Exception {
        database = "tw_wholepath_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 (user postgres) is required", e);
            }
            database = null;
            Assumptions.abort("PostgreSQL at 127.0.0.1:5432 (user postgres, trust) is not reachable; install it to run this test");
        }
        String connection = "Host=127.0.0.1;Port=5432;Username=postgres;Password=;Database=" + database;
        int dasPort = freePort();
        int elsPort = freePort();

        Map<String, Object> shared = new HashMap<>();
        shared.put("DbProvider", "Postgres");
        shared.put("MqProvider", "Postgres");
        shared.put("CacheProvider", "None");
        shared.put("Postgres__ConnectionString", connection);

        Map<String, Object> apiSettings = new HashMap<>(shared);
        apiSettings.put("server.port", 0);
        apiSettings.put("Jwt__Key", "whole-path-" + UUID.randomUUID() + "-long-enough-key");
        apiSettings.put("OLAP__ServiceHost", "http://127.0.0.1:" + dasPort);
        apiSettings.put("spring.main.banner-mode", "off");
        apiSettings.put("spring.autoconfigure.exclude", String.join(",",
                "gg.jte.springframework.boot.autoconfigure.JteAutoConfiguration",
                "gg.jte.springframework.boot.autoconfigure.ServletJteAutoConfiguration"));
        var apiContext = ServiceContext.run(ApiApplication.class, apiSettings);
        running.add(0, apiContext);
        api = "http://127.0.0.1:" + apiContext.getEnvironment().getProperty("local.server.port");

        running.add(0, EvaluationServerStarter.start(shared, elsPort));
        els = "http://127.0.0.1:" + elsPort;

        Map<String, Object> dasSettings = Standalone.das(connection, dasPort);
        dasSettings.put("spring.main.banner-mode", "off");
        running.add(0, ServiceContext.run(DasApplication.class, dasSettings));
        das = "http://127.0.0.1:" + dasPort;
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
        if (database != null) {
            try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    @Test
    void anEvaluationTrackedByAnSdkShowsInTheFlagsInsights() throws Exception {
        // The portal's user: sign in, a project (its environments come with secrets), a boolean flag.
        String token = send("POST", api + "/api/v1/identity/login-by-email", Map.of(), Map.of("email", "test@featbit.com", "password", "123456"))
                .path("data").path("token").asString();
        Map<String, String> auth = new HashMap<>(Map.of("Authorization", "Bearer " + token));
        auth.put("Workspace", send("GET", api + "/api/v1/user/workspaces", auth, null).path("data").path(0).path("id").asString());
        auth.put("Organization", send("GET", api + "/api/v1/organizations", auth, null).path("data").path(0).path("id").asString());
        String key = "p" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode project = send("POST", api + "/api/v1/projects", auth, Map.of("name", key, "key", key)).path("data");
        JsonNode env = project.path("environments").path(0);
        String envId = env.path("id").asString();
        String secret = env.path("secrets").valueStream().filter(s -> "server".equals(s.path("type").asString())).findFirst()
                .orElseThrow().path("value").asString();
        Map<String, Object> flag = new HashMap<>();
        flag.put("name", "Checkout");
        flag.put("key", "checkout");
        flag.put("isEnabled", true);
        flag.put("description", "");
        flag.put("variationType", "boolean");
        flag.put("variations", List.of(Map.of("id", TRUE_ID, "name", "On", "value", "true"),
                Map.of("id", FALSE_ID, "name", "Off", "value", "false")));
        flag.put("enabledVariationId", TRUE_ID);
        flag.put("disabledVariationId", FALSE_ID);
        flag.put("tags", List.of());
        assertThat(send("POST", api + "/api/v1/envs/" + envId + "/feature-flags", auth, flag).path("success").asBoolean()).isTrue();

        // The SDK reports two evaluations of the flag, by two users, as FeatBit's SDKs do.
        long now = Instant.now().toEpochMilli();
        List<Object> track = List.of(
                Map.of("user", Map.of("keyId", "alice", "name", "Alice", "customizedProperties", List.of()),
                        "variations", List.of(Map.of("featureFlagKey", "checkout", "variation", Map.of("id", TRUE_ID, "value", "true"),
                                "sendToExperiment", false, "timestamp", now)), "metrics", List.of()),
                Map.of("user", Map.of("keyId", "bob", "name", "Bob", "customizedProperties", List.of()),
                        "variations", List.of(Map.of("featureFlagKey", "checkout", "variation", Map.of("id", FALSE_ID, "value", "false"),
                                "sendToExperiment", false, "timestamp", now)), "metrics", List.of()));
        HttpResponse<String> tracked = HTTP.send(HttpRequest.newBuilder(URI.create(els + "/api/public/insight/track"))
                .header("Authorization", secret).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(track))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tracked.statusCode()).isEqualTo(200);

        // The portal's chart: the job handler stores the events within a few poll intervals.
        String insights = api + "/api/v1/envs/" + envId + "/feature-flags/insights?featureFlagKey=checkout&intervalType=HOUR"
                + "&from=" + (now - 3_600_000) + "&to=" + (now + 60_000);
        JsonNode data = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            data = send("GET", insights, auth, null).path("data");
            if (total(data) == 2) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(total(data)).as("insights %s", data).isEqualTo(2);
        JsonNode last = data.path(data.size() - 1);
        assertThat(last.path("variations").toString()).isEqualTo("[{\"variation\":\"On\",\"count\":1},{\"variation\":\"Off\",\"count\":1}]");
        assertThat(data.path(0).path("variations").toString()).isEqualTo("[{\"variation\":\"On\",\"count\":0},{\"variation\":\"Off\",\"count\":0}]");

        JsonNode users = send("GET", api + "/api/v1/envs/" + envId + "/end-users/get-by-featureflag?featureFlagKey=checkout&variationId="
                + TRUE_ID + "&from=" + (now - 3_600_000) + "&to=" + (now + 60_000), auth, null).path("data");
        assertThat(users.path("totalCount").asLong()).isEqualTo(1);
        assertThat(users.path("items").path(0).path("variation").asString()).isEqualTo("On");
        assertThat(users.path("items").path(0).path("keyId").asString()).isEqualTo("alice");
        assertThat(users.path("items").path(0).path("name").asString()).isEqualTo("Alice");

        // And the DAS itself, as FeatBit's API calls it (times in microseconds).
        JsonNode direct = send("POST", das + "/api/events/stat/featureflag", Map.of(), Map.of("flagExptId", envId + "-checkout",
                "envId", envId, "intervalType", "DAY", "startTime", (now - 3_600_000) * 1000, "endTime", (now + 60_000) * 1000));
        assertThat(direct.path("code").asInt()).isEqualTo(200);
    }

    private static long total(JsonNode data) {
        long sum = 0;
        if (data != null) {
            for (JsonNode bucket : data) {
                for (JsonNode v : bucket.path("variations")) {
                    sum += v.path("count").asLong();
                }
            }
        }
        return sum;
    }

    private static JsonNode send(String method, String url, Map<String, String> headers, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return Json.tree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
