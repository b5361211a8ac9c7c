package io.toggleworks.els;

import io.toggleworks.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** OFREP over HTTP (ADR 0044): shapes, types, reasons, variants, errors, authentication, ETag and 304. */
class OfrepTest {
    static OfrepFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new OfrepFixture();
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static HttpResponse<String> single(String key, String body) {
        return f.els.post("/ofrep/v1/evaluate/flags/" + key, "Bearer " + f.env.serverSecret(), body);
    }

    private static JsonNode ok(String key, String context) {
        HttpResponse<String> r = single(key, "{\"context\":" + context + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return Json.tree(r.body());
    }

    private static HttpResponse<String> bulk(String auth, String body, String ifNoneMatch) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.baseUrl() + "/ofrep/v1/evaluate/flags"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return ServerHarness.send(b.build());
    }

    @Test
    void booleanFlagTargetRuleAndFallthrough() {
        JsonNode vip = ok("bool-flag", "{\"targetingKey\":\"vip\"}");
        assertThat(vip.get("key").stringValue()).isEqualTo("bool-flag");
        assertThat(vip.get("value").isBoolean()).isTrue();
        assertThat(vip.get("value").booleanValue()).isTrue();
        assertThat(vip.get("reason").stringValue()).isEqualTo("TARGETING_MATCH");
        assertThat(vip.get("variant").stringValue()).isEqualTo("on");
        assertThat(vip.get("metadata").get("variationName").stringValue()).isEqualTo("on");
        assertThat(vip.get("metadata").get("matchReason").stringValue()).isEqualTo("targeted");

        JsonNode alice = ok("bool-flag", "{\"targetingKey\":\"alice\"}");
        assertThat(alice.get("value").booleanValue()).isTrue();
        assertThat(alice.get("reason").stringValue()).isEqualTo("TARGETING_MATCH");
        assertThat(alice.get("metadata").get("matchReason").stringValue()).isEqualTo("in segment");

        JsonNode bob = ok("bool-flag", "{\"targetingKey\":\"bob\"}");
        assertThat(bob.get("value").booleanValue()).isFalse();
        assertThat(bob.get("reason").stringValue()).isEqualTo("DEFAULT");
        assertThat(bob.get("variant").stringValue()).isEqualTo("off");
    }

    @Test
    void valuesAreTypedByVariationType() {
        JsonNode split = ok("string-split", "{\"targetingKey\":\"bob\"}");
        assertThat(split.get("value").isString()).isTrue();
        assertThat(split.get("value").stringValue()).isIn("alpha", "beta");
        assertThat(split.get("reason").stringValue()).isEqualTo("SPLIT");
        assertThat(split.get("variant").stringValue()).isEqualTo(split.get("value").stringValue().equals("alpha") ? "a" : "b");

        JsonNode number = ok("number-static", "{\"targetingKey\":\"bob\"}");
        assertThat(number.get("value").isIntegralNumber()).isTrue();
        assertThat(number.get("value").intValue()).isEqualTo(42);
        assertThat(number.get("reason").stringValue()).isEqualTo("STATIC");

        // other context attributes are customized properties: the rule matches country = fr
        JsonNode french = ok("double-rule", "{\"targetingKey\":\"bob\",\"country\":\"fr\"}");
        assertThat(french.get("value").isFloatingPointNumber()).isTrue();
        assertThat(french.get("value").doubleValue()).isEqualTo(1.5);
        assertThat(french.get("reason").stringValue()).isEqualTo("TARGETING_MATCH");
        assertThat(french.get("metadata").get("matchReason").stringValue()).isEqualTo("french");
        JsonNode german = ok("double-rule", "{\"targetingKey\":\"bob\",\"country\":\"de\",\"age\":42,\"beta\":true}");
        assertThat(german.get("value").intValue()).isEqualTo(42);
        assertThat(german.get("reason").stringValue()).isEqualTo("DEFAULT");

        JsonNode json = ok("json-flag", "{\"targetingKey\":\"bob\"}");
        assertThat(json.get("value").isObject()).isTrue();
        assertThat(json.get("value").get("color").stringValue()).isEqualTo("red");
        assertThat(json.get("value").get("size").intValue()).isEqualTo(3);

        JsonNode disabled = ok("disabled-flag", "{\"targetingKey\":\"bob\"}");
        assertThat(disabled.get("value").booleanValue()).isFalse();
        assertThat(disabled.get("reason").stringValue()).isEqualTo("DISABLED");
        assertThat(disabled.get("variant").stringValue()).isEqualTo("off");
    }

    @Test
    void singleEvaluationErrors() {
        for (String key : List.of("no-such-flag", "archived-flag", "other-flag")) { // other-flag: another environment's
            HttpResponse<String> r = single(key, "{\"context\":{\"targetingKey\":\"bob\"}}");
            assertThat(r.statusCode()).as(key).isEqualTo(404);
            JsonNode body = Json.tree(r.body());
            assertThat(body.get("key").stringValue()).isEqualTo(key);
            assertThat(body.get("errorCode").stringValue()).isEqualTo("FLAG_NOT_FOUND");
        }
        assertError(single("bool-flag", "{\"context\":{}}"), 400, "TARGETING_KEY_MISSING");
        assertError(single("bool-flag", "{\"context\":{\"targetingKey\":\"\"}}"), 400, "TARGETING_KEY_MISSING");
        assertError(single("bool-flag", "{}"), 400, "TARGETING_KEY_MISSING");
        assertError(single("bool-flag", ""), 400, "TARGETING_KEY_MISSING");
        assertError(single("bool-flag", "{\"context\":{\"targetingKey\":17}}"), 400, "INVALID_CONTEXT");
        assertError(single("bool-flag", "{\"context\":[1]}"), 400, "INVALID_CONTEXT");
        assertError(single("bool-flag", "{\"context\":"), 400, "PARSE_ERROR");
        assertError(single("bool-flag", "[]"), 400, "PARSE_ERROR");
        assertError(single("broken-bool", "{\"context\":{\"targetingKey\":\"bob\"}}"), 400, "TYPE_MISMATCH");
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = Json.tree(r.body());
        assertThat(body.get("errorCode").stringValue()).isEqualTo(code);
        assertThat(body.get("errorDetails").stringValue()).isNotBlank();
    }

    @Test
    void authenticationAcceptsServerAndClientSecretsRawOrBearer() {
        String body = "{\"context\":{\"targetingKey\":\"bob\"}}";
        for (String auth : List.of(f.env.serverSecret(), "Bearer " + f.env.serverSecret(), f.env.clientSecret(), "bearer " + f.env.clientSecret())) {
            assertThat(f.els.post("/ofrep/v1/evaluate/flags/bool-flag", auth, body).statusCode()).as(auth).isEqualTo(200);
            assertThat(bulk(auth, body, null).statusCode()).as(auth).isEqualTo(200);
        }
        assertThat(f.els.post("/ofrep/v1/evaluate/flags/bool-flag", null, body).statusCode()).isEqualTo(401);
        assertThat(bulk(null, body, null).statusCode()).isEqualTo(401);
        String forged = "Bearer " + io.toggleworks.core.secret.EnvironmentSecret.create(f.env.id()); // well-formed, unknown
        assertThat(f.els.post("/ofrep/v1/evaluate/flags/bool-flag", forged, body).statusCode()).isEqualTo(401);
        assertThat(bulk(forged, body, null).statusCode()).isEqualTo(401);
        // GET is not OFREP
        assertThat(f.els.get("/ofrep/v1/evaluate/flags", f.env.serverSecret()).statusCode()).isEqualTo(405);
    }

    @Test
    void bulkEvaluatesEveryFlagOfTheEnvironment() {
        HttpResponse<String> r = bulk("Bearer " + f.env.clientSecret(), "{\"context\":{\"targetingKey\":\"vip\",\"country\":\"fr\"}}", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode flags = Json.tree(r.body()).get("flags");
        List<String> keys = new ArrayList<>();
        flags.forEach(n -> keys.add(n.get("key").stringValue()));
        // archived flags and other environments' flags are absent; sorted by key
        assertThat(keys).containsExactly("bool-flag", "broken-bool", "disabled-flag", "double-rule", "json-flag", "number-static", "string-split");
        assertThat(flags.get(0).get("value").booleanValue()).isTrue();
        assertThat(flags.get(0).get("reason").stringValue()).isEqualTo("TARGETING_MATCH");
        assertThat(flags.get(1).get("errorCode").stringValue()).isEqualTo("TYPE_MISMATCH"); // partial success
        assertThat(flags.get(1).has("value")).isFalse();
        assertThat(flags.get(3).get("value").doubleValue()).isEqualTo(1.5);
        assertThat(flags.get(4).get("value").get("color").stringValue()).isEqualTo("red");

        assertError(bulk(f.env.clientSecret(), "{\"context\":{}}", null), 400, "TARGETING_KEY_MISSING");
        assertError(bulk(f.env.clientSecret(), "not json", null), 400, "PARSE_ERROR");
    }

    @Test
    void bulkEtagIsStableUntilDataOrContextChanges() {
        String body = "{\"context\":{\"targetingKey\":\"carol\",\"country\":\"de\"}}";
        HttpResponse<String> first = bulk(f.env.serverSecret(), body, null);
        String etag = first.headers().firstValue("etag").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");
        // the same context, attributes in another order
        HttpResponse<String> again = bulk(f.env.serverSecret(), "{\"context\":{\"country\":\"de\",\"targetingKey\":\"carol\"}}", null);
        assertThat(again.headers().firstValue("etag")).hasValue(etag);
        assertThat(again.body()).isEqualTo(first.body());

        HttpResponse<String> notModified = bulk(f.env.serverSecret(), body, etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("etag")).hasValue(etag);
        assertThat(bulk(f.env.serverSecret(), body, "\"other\", W/" + etag).statusCode()).isEqualTo(304);
        assertThat(bulk(f.env.serverSecret(), body, "\"other\"").statusCode()).isEqualTo(200);

        HttpResponse<String> otherContext = bulk(f.env.serverSecret(), "{\"context\":{\"targetingKey\":\"carol\",\"country\":\"fr\"}}", etag);
        assertThat(otherContext.statusCode()).isEqualTo(200);
        assertThat(otherContext.headers().firstValue("etag")).hasValueSatisfying(v -> assertThat(v).isNotEqualTo(etag));

        // a flag changes in the store (no message): after the resync the ETag changes and the new value is served
        f.data.touchFlag(f.boolFlag, Instant.now(), false);
        f.els.server.resync();
        HttpResponse<String> changed = bulk(f.env.serverSecret(), body, etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("etag")).hasValueSatisfying(v -> assertThat(v).isNotEqualTo(etag));
        assertThat(Json.tree(changed.body()).get("flags").get(0).get("reason").stringValue()).isEqualTo("DISABLED");
        assertThat(ok("bool-flag", "{\"targetingKey\":\"vip\"}").get("reason").stringValue()).isEqualTo("DISABLED"); // single sees it too
        f.data.touchFlag(f.boolFlag, Instant.now().plusMillis(5), true);
        f.els.server.resync();
    }

    @Test
    void corsExposesTheEtag() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(f.baseUrl() + "/ofrep/v1/evaluate/flags"))
                .header("Content-Type", "application/json").header("Origin", "http://app.example")
                .header("Authorization", "Bearer " + f.env.clientSecret())
                .POST(HttpRequest.BodyPublishers.ofString("{\"context\":{\"targetingKey\":\"bob\"}}")).build();
        HttpResponse<String> r = ServerHarness.send(req);
        assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(r.headers().firstValue("access-control-expose-headers")).hasValueSatisfying(v -> assertThat(v).containsIgnoringCase("etag"));
        HttpRequest preflight = HttpRequest.newBuilder(URI.create(f.baseUrl() + "/ofrep/v1/evaluate/flags/bool-flag"))
                .header("Origin", "http://app.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-none-match")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> p = ServerHarness.send(preflight);
        assertThat(p.statusCode()).isEqualTo(204);
        assertThat(p.headers().firstValue("access-control-allow-headers")).hasValueSatisfying(v -> assertThat(v).contains("if-none-match"));
    }
}
