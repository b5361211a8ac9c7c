package io.toggleworks.das;

import io.toggleworks.core.json.Json;
import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.AnalyticsStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The DAS over HTTP on a real PostgreSQL analytics store: FeatBit's request and response shapes, and 4xx for bad input. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DasHttpTest {
    static TestDatabase db;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        db = TestDatabase.create();
        registry.add("DB_PROVIDER", () -> "Postgres");
        registry.add("Postgres__ConnectionString", db::npgsql);
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            db.close();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    AnalyticsStore store;

    private final HttpClient http = HttpClient.newHttpClient();
    private String env;
    private String flag;
    private static final Instant DAY0 = Instant.parse("2024-06-01T00:00:00Z");

    @BeforeEach
    void newEnvironment() {
        env = UUID.randomUUID().toString();
        flag = env + "-checkout";
    }

    record Reply(int status, JsonNode body) {
    }

    Reply post(String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), Json.tree(r.body()));
    }

    Reply get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), Json.tree(r.body()));
    }

    AnalyticsEvent evaluation(String user, String variation, Instant at) {
        String props = "{\"flagId\":\"" + flag + "\",\"envId\":\"" + env + "\",\"tag_0\":\"" + user + "\",\"tag_1\":\"" + variation
                + "\",\"tag_2\":\"false\",\"tag_3\":\"Name " + user + "\"}";
        return new AnalyticsEvent(UUID.randomUUID(), flag, env, "FlagValue", props, ChronoUnit.MICROS.between(Instant.EPOCH, at));
    }

    @Test
    void healthAnswersFeatBitsEnvelope() throws Exception {
        for (String path : List.of("/health/liveness", "/health/readiness", "/api")) {
            Reply r = get(path);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().toString()).isEqualTo("{\"code\":200,\"error\":\"\",\"data\":{\"state\":\"production OK\"}}");
        }
    }

    @Test
    void flagInsightsEmitEveryBucketWithTheVariationsThatHaveData() throws Exception {
        store.append(List.of(evaluation("u1", "v-a", DAY0.plusSeconds(3600)), evaluation("u2", "v-a", DAY0.plusSeconds(7200)),
                evaluation("u3", "v-b", DAY0.plus(2, ChronoUnit.DAYS).plusSeconds(60))));

        // Milliseconds, as FeatBit's API sends them after its own conversion; the DAS also takes µs, s and ISO.
        Reply r = post("/api/events/stat/featureflag", """
                {"flagExptId":"%s","envId":"%s","intervalType":"DAY","startTime":%d,"endTime":"2024-06-03T12:00:00Z"}"""
                .formatted(flag, env, DAY0.toEpochMilli()));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("code").asInt()).isEqualTo(200);
        assertThat(r.body().get("error").asString()).isEmpty();
        assertThat(r.body().get("data").toString()).isEqualTo("["
                + "{\"time\":\"2024-06-01T00:00:00Z\",\"variations\":[{\"id\":\"v-a\",\"val\":2}]},"
                + "{\"time\":\"2024-06-02T00:00:00Z\",\"variations\":[]},"
                + "{\"time\":\"2024-06-03T00:00:00Z\",\"variations\":[{\"id\":\"v-b\",\"val\":1}]}]");
    }

    @Test
    void flagInsightsTakeATimeZone() throws Exception {
        store.append(List.of(evaluation("u1", "v-a", Instant.parse("2024-06-01T23:30:00Z"))));

        Reply r = post("/api/events/stat/featureflag", """
                {"flagExptId":"%s","envId":"%s","intervalType":"DAY","startTime":1717200000000000,"endTime":1717286400000000,
                 "timezone":"Asia/Shanghai"}""".formatted(flag, env));

        assertThat(r.body().get("data").toString()).isEqualTo("["
                + "{\"time\":\"2024-05-31T16:00:00Z\",\"variations\":[]},"
                + "{\"time\":\"2024-06-01T16:00:00Z\",\"variations\":[{\"id\":\"v-a\",\"val\":1}]}]");
    }

    @Test
    void endUsersArePagedNewestFirst() throws Exception {
        List<AnalyticsEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(evaluation("user-" + i, i % 2 == 0 ? "v-a" : "v-b", DAY0.plusSeconds(i)));
        }
        store.append(events);

        Reply r = post("/api/events/stat/enduser", """
                {"envId":"%s","flagExptId":"%s","variationId":null,"query":null,"startTime":%d,"endTime":%d,"pageIndex":1,"pageSize":5}"""
                .formatted(env, flag, DAY0.minusSeconds(1).getEpochSecond() * 1_000_000, DAY0.plusSeconds(3600).getEpochSecond() * 1_000_000));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("data").get("totalCount").asLong()).isEqualTo(12);
        assertThat(r.body().get("data").get("items").get(0).toString())
                .isEqualTo("{\"variationId\":\"v-a\",\"keyId\":\"user-6\",\"name\":\"Name user-6\",\"lastEvaluatedAt\":\"2024-06-01T00:00:06Z\"}");
        assertThat(r.body().get("data").get("items").size()).isEqualTo(5);

        Reply filtered = post("/api/events/stat/enduser", """
                {"envId":"%s","flagExptId":"%s","variationId":"v-b","query":"USER-1","startTime":"2024-05-31","pageSize":10}"""
                .formatted(env, flag));
        assertThat(filtered.body().get("data").get("items").findValuesAsString("keyId")).containsExactly("user-11", "user-1");
    }

    @Test
    void badInputIsA400WithTheReason() throws Exception {
        String ok = "\"flagExptId\":\"%s\",\"envId\":\"%s\"".formatted(flag, env);
        assertBad(post("/api/events/stat/featureflag", "{" + ok + ",\"intervalType\":\"DAY\"}"), "startTime is required");
        assertBad(post("/api/events/stat/featureflag", "{\"envId\":\"e\",\"intervalType\":\"DAY\",\"startTime\":1}"), "flagExptId is required");
        assertBad(post("/api/events/stat/featureflag", "{" + ok + ",\"intervalType\":\"YEAR\",\"startTime\":1}"), "intervalType must be one of");
        assertBad(post("/api/events/stat/featureflag", "{" + ok + ",\"intervalType\":\"DAY\",\"startTime\":\"soon\"}"), "startTime must be a time");
        assertBad(post("/api/events/stat/featureflag", "{" + ok + ",\"intervalType\":\"DAY\",\"startTime\":1717200000,\"endTime\":1717100000}"),
                "startTime must be before endTime");
        assertBad(post("/api/events/stat/featureflag", "{" + ok + ",\"intervalType\":\"DAY\",\"startTime\":1717200000,\"timezone\":\"Mars/Olympus\"}"),
                "timezone must be");
        assertBad(post("/api/events/stat/featureflag", "{" + ok + ",\"intervalType\":\"MINUTE\",\"startTime\":1}"), "buckets");
        assertBad(post("/api/events/stat/featureflag", "[1,2]"), "JSON object");
        assertBad(post("/api/events/stat/featureflag", "{not json"), "JSON object");
        assertBad(post("/api/events/stat/enduser", "{" + ok + ",\"startTime\":1717200000,\"pageSize\":0}"), "pageSize must be between");
        assertBad(post("/api/events/stat/enduser", "{" + ok + ",\"startTime\":1717200000,\"pageIndex\":\"x\"}"), "pageIndex must be an integer");
    }

    private static void assertBad(Reply r, String reason) {
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("code").asInt()).isEqualTo(400);
        assertThat(r.body().get("error").asString()).contains(reason);
        assertThat(r.body().get("data").toString()).isEqualTo("{}");
    }

    @Test
    void testIngestionStoresValidItemsAndNamesTheRejectedOnes() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = """
                [{"uuid":"%s","flagId":"%s","envId":"%s","tag_0":"u1","tag_1":"v-a","timestamp":"2024-06-01T01:00:00Z"},
                 {"flagId":"%s","timestamp":1717203600},
                 "nonsense"]""".formatted(id, flag, env, flag);

        Reply first = post("/api/events", body);
        Reply again = post("/api/events", body);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("data").toString())
                .isEqualTo("{\"accepted\":1,\"rejected\":[{\"index\":1,\"reason\":\"envId is required\"},{\"index\":2,\"reason\":\"item is not a JSON object\"}]}");
        assertThat(again.status()).isEqualTo(200);
        Reply counts = post("/api/events/stat/featureflag", """
                {"flagExptId":"%s","envId":"%s","intervalType":"MONTH","startTime":"2024-06-01","endTime":"2024-06-02"}""".formatted(flag, env));
        assertThat(counts.body().get("data").toString()).isEqualTo("[{\"time\":\"2024-06-01T00:00:00Z\",\"variations\":[{\"id\":\"v-a\",\"val\":1}]}]");
    }
}
