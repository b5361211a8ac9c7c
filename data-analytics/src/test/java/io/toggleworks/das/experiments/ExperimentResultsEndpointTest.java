package io.toggleworks.das.experiments;

import io.toggleworks.spi.analytics.AnalyticsEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/expt/results} end to end: events written into the real PostgreSQL analytics store, the DAS over
 * HTTP. Expected statistics: the hand-computed cases of {@code OnlineTTestTest} (1000 users per arm; 100, 150 and 70
 * conversions), formatted as FeatBit's DAS does; Bayesian values from SciPy quad over the Beta posteriors.
 */
class ExperimentResultsEndpointTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ENV = UUID.randomUUID().toString();
    static final String FLAG = ENV + "-checkout-button";
    static final Instant START = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    static RunningDas das;

    @BeforeAll
    static void start() {
        das = RunningDas.start();
        List<AnalyticsEvent> events = new ArrayList<>();
        Instant at = START.plus(1, ChronoUnit.HOURS);
        arm(events, "A", 1000, 100, at);
        arm(events, "B", 1000, 150, at);
        arm(events, "C", 1000, 70, at);
        // Not sent to experiments: ignored.
        events.add(exposure("x-user", "B", false, at));
        events.add(metric("CustomEvent", "checkout", "x-user", 1, at));
        // Numeric: per-user sums of "revenue"; control N: 20 users at 8, 20 at 12 (one of them in two events);
        // treatment M: 25 at 9, 25 at 14.
        for (int i = 0; i < 40; i++) {
            String user = "n" + i;
            events.add(exposureOf(ENV + "-price", user, "N", at));
            if (i == 0) {
                events.add(metric("CustomEvent", "revenue", user, 5, at));
                events.add(metric("CustomEvent", "revenue", user, 3, at.plusSeconds(1)));
            } else {
                events.add(metric("CustomEvent", "revenue", user, i < 20 ? 8 : 12, at));
            }
        }
        for (int i = 0; i < 50; i++) {
            String user = "m" + i;
            events.add(exposureOf(ENV + "-price", user, "M", at));
            events.add(metric("CustomEvent", "revenue", user, i < 25 ? 9 : 14, at));
        }
        das.store().append(events);
    }

    @AfterAll
    static void stop() {
        if (das != null) {
            das.close();
        }
    }

    static void arm(List<AnalyticsEvent> events, String variation, int users, int converted, Instant at) {
        for (int i = 0; i < users; i++) {
            String user = variation + "-" + i;
            events.add(exposure(user, variation, true, at));
            if (i < converted) {
                events.add(metric("CustomEvent", "checkout", user, 1, at.plusSeconds(30)));
            }
        }
        // Page views of the same users, for a second metric on the same flag.
        events.add(metric("PageView", "/thanks", variation + "-0", 1, at));
    }

    static AnalyticsEvent exposure(String user, String variation, boolean toExperiment, Instant at) {
        return exposure(FLAG, user, variation, toExperiment, at);
    }

    static AnalyticsEvent exposureOf(String flagId, String user, String variation, Instant at) {
        return exposure(flagId, user, variation, true, at);
    }

    static AnalyticsEvent exposure(String flagId, String user, String variation, boolean toExperiment, Instant at) {
        String props = "{\"flagId\":\"" + flagId + "\",\"envId\":\"" + ENV + "\",\"userKeyId\":\"" + user
                + "\",\"variationId\":\"" + variation + "\",\"sendToExperiment\":" + toExperiment
                + ",\"tag_0\":\"" + user + "\",\"tag_1\":\"" + variation + "\",\"tag_2\":\"" + toExperiment
                + "\",\"tag_3\":\"" + user + "\"}";
        return new AnalyticsEvent(UUID.randomUUID(), flagId, ENV, "FlagValue", props, micros(at));
    }

    static AnalyticsEvent metric(String type, String name, String user, double value, Instant at) {
        String props = "{\"type\":\"" + type + "\",\"eventName\":\"" + name + "\",\"numericValue\":" + value
                + ",\"user\":{\"keyId\":\"" + user + "\",\"name\":\"" + user + "\"},\"tag_0\":\"" + user
                + "\",\"tag_1\":\"" + value + "\",\"tag_2\":\"" + user + "\"}";
        return new AnalyticsEvent(UUID.randomUUID(), name, ENV, type, props, micros(at));
    }

    static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
    }

    static HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(das.baseUrl() + "/api/expt/results"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(Object request) throws Exception {
        HttpResponse<String> r = post(JSON.writeValueAsString(request));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("code").asInt()).isEqualTo(200);
        assertThat(body.path("error").asString()).isEmpty();
        return body.path("data");
    }

    static Map<String, Object> conversionRequest(int successCriteria) {
        return new java.util.LinkedHashMap<>(Map.ofEntries(
                Map.entry("exptId", "e-1"), Map.entry("iterationId", "it-1"), Map.entry("envId", ENV),
                Map.entry("flagExptId", FLAG), Map.entry("baselineVariationId", "A"),
                Map.entry("variationIds", List.of("A", "B", "C", "D")), Map.entry("eventName", "checkout"),
                Map.entry("eventType", 1), Map.entry("customEventTrackOption", 1),
                Map.entry("customEventSuccessCriteria", successCriteria), Map.entry("customEventUnit", "USD"),
                Map.entry("startExptTime", micros(START)), Map.entry("alpha", 0.05)));
    }

    @Test
    void conversionExperiment() throws Exception {
        JsonNode data = ok(conversionRequest(1));
        assertThat(data.path("exptId").asString()).isEqualTo("e-1");
        assertThat(data.path("iterationId").asString()).isEqualTo("it-1");
        assertThat(data.path("eventType").asInt()).isEqualTo(1);
        assertThat(data.path("customEventTrackOption").asInt()).isEqualTo(1);
        assertThat(data.path("customEventUnit").asString()).isEqualTo("USD");
        assertThat(data.path("startTime").asString()).isEqualTo(START.toString());
        assertThat(data.path("endTime").isNull()).isTrue();
        assertThat(data.path("isFinish").asBoolean()).isFalse();
        assertThat(data.path("alpha").asDouble()).isEqualTo(0.05);
        assertThat(data.path("power").asDouble()).isEqualTo(0.8);

        JsonNode results = data.path("results");
        // Significant arms first by ascending lift, then the others in store order, then listed arms without data.
        assertThat(results.valueStream().map(r -> r.path("variationId").asString())).containsExactly("B", "A", "C", "D");

        JsonNode b = results.get(0);
        assertThat(JSON.writeValueAsString(b)).isEqualTo("""
                {"variationId":"B","uniqueUsers":1000,"conversion":150,"conversionRate":"0.15",\
                "confidenceInterval":["0.14373","0.85627"],"pValue":"0.00597","effectSize":"0.5",\
                "isBaseline":false,"isWinner":true,"isInvalid":false,"reason":"","probabilityToBeatBaseline":"0.99964"}""");
        assertThat(JSON.writeValueAsString(results.get(1))).isEqualTo("""
                {"variationId":"A","uniqueUsers":1000,"conversion":100,"conversionRate":"0.1",\
                "confidenceInterval":["0","0"],"pValue":"1","effectSize":"0",\
                "isBaseline":true,"isWinner":false,"isInvalid":true,"reason":"is baseline","probabilityToBeatBaseline":null}""");
        assertThat(JSON.writeValueAsString(results.get(2))).isEqualTo("""
                {"variationId":"C","uniqueUsers":1000,"conversion":70,"conversionRate":"0.07",\
                "confidenceInterval":["-0.50494","-0.09506"],"pValue":"0.00414","effectSize":"-0.3",\
                "isBaseline":false,"isWinner":false,"isInvalid":true,"reason":"sample size is too small (1000 < 1354.0)",\
                "probabilityToBeatBaseline":"0.00812"}""");
        assertThat(JSON.writeValueAsString(results.get(3))).isEqualTo("""
                {"variationId":"D","uniqueUsers":0,"conversion":0,"conversionRate":"0",\
                "confidenceInterval":null,"pValue":null,"effectSize":null,\
                "isBaseline":false,"isWinner":false,"isInvalid":true,\
                "reason":"quantity of control or traitement is too small","probabilityToBeatBaseline":null}""");
    }

    @Test
    void lowerIsBetterWithOnlyAPositiveSignificantLiftStillCrownsIt() throws Exception {
        JsonNode results = ok(conversionRequest(2)).path("results");
        assertThat(results.get(0).path("variationId").asString()).isEqualTo("B");
        assertThat(results.get(0).path("isWinner").asBoolean()).isTrue();
        // Our Bayesian figure follows the criteria: C, with fewer conversions, is the likely better one.
        assertThat(results.get(0).path("probabilityToBeatBaseline").asString()).isEqualTo("0.00036");
        assertThat(results.get(2).path("probabilityToBeatBaseline").asString()).isEqualTo("0.99188");
    }

    @Test
    void numericExperiment() throws Exception {
        Map<String, Object> request = new java.util.LinkedHashMap<>(conversionRequest(1));
        request.putAll(Map.of("flagExptId", ENV + "-price", "eventName", "revenue", "customEventTrackOption", 2,
                "baselineVariationId", "N", "variationIds", List.of("N", "M")));
        request.remove("alpha"); // absent → 0.05
        JsonNode results = ok(request).path("results");
        // control: mean 10, var 160/39; treatment: mean 11.5, var 312.5/49 → δ = 0.15, p = 0.0044, needs 35 users
        assertThat(JSON.writeValueAsString(results.get(0))).isEqualTo("""
                {"variationId":"M","totalEvents":50,"average":"11.5",\
                "confidenceInterval":["0.04805","0.25195"],"pValue":"0.0044","effectSize":"0.15",\
                "isBaseline":false,"isWinner":true,"isInvalid":false,"reason":"","probabilityToBeatBaseline":"0.99912"}""");
        assertThat(results.get(1).path("variationId").asString()).isEqualTo("N");
        assertThat(results.get(1).path("totalEvents").asLong()).isEqualTo(40);
        assertThat(results.get(1).path("average").asString()).isEqualTo("10");
        assertThat(results.get(1).path("reason").asString()).isEqualTo("is baseline");
    }

    @Test
    void pageViewMetricIsConversionEvenWithNumericTrackOption() throws Exception {
        Map<String, Object> request = new java.util.LinkedHashMap<>(conversionRequest(1));
        request.putAll(Map.of("eventType", 2, "eventName", "/thanks", "customEventTrackOption", 2));
        JsonNode results = ok(request).path("results");
        assertThat(results.valueStream().map(r -> r.path("conversion").asLong())).containsExactly(1L, 1L, 1L, 0L);
        // Same 1-in-1000 rate everywhere: a p-value of exactly 1, printed the Python way.
        assertThat(results.valueStream().map(r -> r.path("reason").asString())).containsExactly("is baseline",
                "p_value >= alpha (1.0 >= 0.05)", "p_value >= alpha (1.0 >= 0.05)",
                "quantity of control or traitement is too small");
    }

    @Test
    void finishedIterationReportsItsEnd() throws Exception {
        Map<String, Object> request = new java.util.LinkedHashMap<>(conversionRequest(1));
        Instant end = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        request.put("endExptTime", end.toEpochMilli() * 1000);
        JsonNode data = ok(request);
        assertThat(data.path("isFinish").asBoolean()).isTrue();
        assertThat(data.path("endTime").asString()).isEqualTo(end.toString());
        assertThat(data.path("results").get(0).path("variationId").asString()).isEqualTo("B");
    }

    @Test
    void windowExcludesEventsOutsideIt() throws Exception {
        Map<String, Object> request = new java.util.LinkedHashMap<>(conversionRequest(1));
        request.put("startExptTime", Instant.now().toEpochMilli()); // milliseconds are accepted too
        JsonNode results = ok(request).path("results");
        assertThat(results.valueStream().map(r -> r.path("uniqueUsers").asLong())).containsOnly(0L);
    }

    @Test
    void baselineWithoutDataOrPlaceInTheListIsNotAServerError() throws Exception {
        Map<String, Object> request = new java.util.LinkedHashMap<>(conversionRequest(1));
        request.putAll(Map.of("baselineVariationId", "Z", "variationIds", List.of("B")));
        JsonNode results = ok(request).path("results");
        assertThat(results.size()).isEqualTo(3); // A, B, C have rows
        assertThat(results.valueStream().map(r -> r.path("reason").asString()))
                .containsOnly("quantity of control or traitement is too small");
    }

    /** The body exactly as FeatBit's API (and ours) serializes ExptIterationParam: every field, nulls written. */
    @Test
    void acceptsTheApisSerializedParam() throws Exception {
        String body = """
                {"exptId":"6f1c2a52-64b8-4e6e-9d0e-0c3b2e4f1a11","iterationId":"7a0f5b7e-1d3c-4c55-9a61-2f0e3d4c5b6a",
                 "envId":"%s","flagExptId":"%s","baselineVariationId":"A","variationIds":["A","B","C"],
                 "eventName":"checkout","eventType":1,"customEventTrackOption":1,"customEventSuccessCriteria":1,
                 "customEventUnit":null,"startExptTime":%d,"endExptTime":null,"alpha":null}"""
                .formatted(ENV, FLAG, micros(START));
        HttpResponse<String> r = post(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode data = JSON.readTree(r.body()).path("data");
        assertThat(data.path("customEventUnit").isNull()).isTrue();
        assertThat(data.path("alpha").asDouble()).isEqualTo(0.05);
        assertThat(data.path("results").get(0).path("variationId").asString()).isEqualTo("B");
        assertThat(data.path("results").get(0).path("isWinner").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing exptId         | exptId            | <absent>      | exptId is required",
            "missing eventType      | eventType         | <absent>      | eventType is required",
            "unknown eventType      | eventType         | 7             | eventType must be 1 (Custom), 2 (PageView) or 3 (Click)",
            "text eventType         | eventType         | \"one\"       | eventType must be an integer",
            "bad start              | startExptTime     | \"yesterday\" | startExptTime must be a time in seconds, milliseconds, microseconds or ISO-8601",
            "end before start       | endExptTime       | 1000000000    | endExptTime must be after startExptTime",
            "variationIds not array | variationIds      | \"A\"         | variationIds must be an array of strings",
            "variationIds empty     | variationIds      | []            | variationIds must not be empty",
            "missing baseline       | baselineVariationId | <absent>    | baselineVariationId is required",
            "alpha above 1          | alpha             | 2             | alpha must be between 0 and 1",
            "power not a number     | power             | \"x\"         | power must be a number",
            "track option text      | customEventTrackOption | \"two\"  | customEventTrackOption must be an integer",
            "unit object            | customEventUnit   | {}            | customEventUnit must be a string"})
    void badInputIs400WithAReason(String name, String field, String json, String error) throws Exception {
        Map<String, Object> request = new java.util.LinkedHashMap<>(conversionRequest(1));
        if (json.equals("<absent>")) {
            request.remove(field);
        } else {
            request.put(field, JSON.readTree(json));
        }
        HttpResponse<String> r = post(JSON.writeValueAsString(request));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("code").asInt()).isEqualTo(400);
        assertThat(body.path("error").asString()).isEqualTo(error);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"not json", "[1,2]", "\"text\""})
    void bodyThatIsNoObjectIs400(String body) throws Exception {
        HttpResponse<String> r = post(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("code").asInt()).isEqualTo(400);
    }
}
