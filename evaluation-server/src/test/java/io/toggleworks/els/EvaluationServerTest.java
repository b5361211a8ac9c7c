package io.toggleworks.els;

import io.toggleworks.core.json.Json;
import io.toggleworks.core.secret.ConnectionToken;
import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.els.support.FakeMessageQueue;
import io.toggleworks.els.support.FeatBitData;
import io.toggleworks.els.support.TestDatabase;
import io.toggleworks.els.support.WsClient;
import io.toggleworks.spi.mq.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Evaluation Server end to end: real Netty server on port 0, PostgreSQL store, java.net.http clients. */
class EvaluationServerTest {
    static TestDatabase db;
    static FeatBitData data;
    static ServerHarness els;
    static FeatBitData.Env prod;
    static FeatBitData.Env staging;
    static UUID segment;
    static UUID flagA;
    static final Instant T1 = Instant.parse("2024-01-01T00:00:00.123Z");
    static final Instant T2 = Instant.parse("2024-02-01T00:00:00.456Z");

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        data = new FeatBitData(db);
        prod = data.environment("prod");
        staging = data.environment("staging");
        segment = data.segment(prod.id(), "prod", T1, "alice");
        flagA = data.booleanFlag(prod.id(), "flag-a", T1, segment);
        data.booleanFlag(prod.id(), "flag-b", T2, null);
        data.booleanFlag(staging.id(), "staging-flag", T1, null);
        els = new ServerHarness(db, new FakeMessageQueue(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (els != null) {
            els.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static WsClient server(FeatBitData.Env env) {
        return WsClient.connect(els.port(), "type=server&token=" + ServerHarness.token(env.serverSecret()));
    }

    private static WsClient client(FeatBitData.Env env) {
        return WsClient.connect(els.port(), "type=client&token=" + ServerHarness.token(env.clientSecret()));
    }

    private static String clientSync(String keyId, long timestamp) {
        return "{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":" + timestamp + ",\"user\":{\"keyId\":\"" + keyId
                + "\",\"name\":\"" + keyId + "\",\"customizedProperties\":[{\"name\":\"country\",\"value\":\"fr\"}]}}}";
    }

    @Test
    void invalidHandshakesAreAcceptedThenClosedWith4003() {
        String goodToken = ServerHarness.token(prod.serverSecret());
        List<String> queries = List.of(
                "type=server&token=malformed-token",
                "type=server",
                "type=nonsense&token=" + goodToken,
                "type=server&version=3&token=" + goodToken,
                // expired: stamped 10 minutes ago
                "type=server&token=" + ConnectionToken.encode(prod.serverSecret(), System.currentTimeMillis() - 600_000),
                // wrong type: a client secret on a server connection (FeatBit checks this too)
                "type=server&token=" + ServerHarness.token(prod.clientSecret()),
                // forged: well-formed, names a real environment, but not one of its secrets
                "type=server&token=" + ServerHarness.token(EnvironmentSecret.create(prod.id())),
                "type=relay-proxy&token=rp-unknown");
        for (String q : queries) {
            try (WsClient ws = WsClient.connect(els.port(), q)) {
                assertThat(ws.closeCode()).as(q).isEqualTo(4003);
            }
        }
    }

    @Test
    void pingGetsFeatBitsExactPongAndEchoIsEchoed() {
        try (WsClient ws = server(prod)) {
            ws.send("{\"messageType\":\"ping\",\"data\":null}");
            assertThat(ws.next()).isEqualTo("{\"messageType\":\"pong\",\"data\":{}}");
            ws.send("{\n  \"messageType\": \"PING\",\n  \"data\": {}\n}");
            assertThat(ws.next()).isEqualTo("{\"messageType\":\"pong\",\"data\":{}}");
            ws.send("{\"messageType\":\"echo\",\"data\":{}}");
            assertThat(ws.next()).isEqualTo("{\"messageType\":\"echo\",\"data\":{}}");
        }
    }

    @Test
    void serverFullThenPatchDataSync() {
        try (WsClient ws = server(prod)) {
            ws.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}");
            JsonNode full = Json.tree(ws.next());
            assertThat(full.get("messageType").stringValue()).isEqualTo("data-sync");
            assertThat(full.get("data").get("eventType").stringValue()).isEqualTo("full");
            assertThat(keys(full.get("data").get("featureFlags"), "key")).containsExactlyInAnyOrder("flag-a", "flag-b");
            assertThat(full.get("data").get("segments")).hasSize(1);
            assertThat(full.get("data").get("segments").get(0).get("envId").stringValue()).isEqualTo(prod.id().toString());
            JsonNode flagB = find(full.get("data").get("featureFlags"), "key", "flag-b");
            assertThat(flagB.get("updatedAt").stringValue()).isEqualTo("2024-02-01T00:00:00.456Z");

            ws.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":" + T1.toEpochMilli() + "}}");
            JsonNode patch = Json.tree(ws.next());
            assertThat(patch.get("data").get("eventType").stringValue()).isEqualTo("patch");
            assertThat(keys(patch.get("data").get("featureFlags"), "key")).containsExactly("flag-b");
            assertThat(patch.get("data").get("segments")).isEmpty();

            // Nothing newer: an empty patch is still answered, SDKs wait for it.
            ws.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":" + T2.toEpochMilli() + "}}");
            JsonNode empty = Json.tree(ws.next());
            assertThat(empty.get("data").get("featureFlags")).isEmpty();
            assertThat(empty.get("data").get("segments")).isEmpty();
        }
    }

    @Test
    void clientDataSyncEvaluatesForTheUserAndPublishesTheEndUser() {
        try (WsClient ws = client(prod)) {
            ws.send(clientSync("alice", 0));
            JsonNode reply = Json.tree(ws.next());
            JsonNode d = reply.get("data");
            assertThat(d.get("eventType").stringValue()).isEqualTo("full");
            assertThat(d.get("userKeyId").stringValue()).isEqualTo("alice");
            JsonNode a = find(d.get("featureFlags"), "id", "flag-a");
            assertThat(a.get("variation").stringValue()).isEqualTo("true");
            assertThat(a.get("matchReason").stringValue()).isEqualTo("in segment");
            assertThat(a.get("variationType").stringValue()).isEqualTo("boolean");
            assertThat(a.get("timestamp").longValue()).isEqualTo(T1.toEpochMilli());
            assertThat(a.get("variationOptions")).hasSize(2);
            assertThat(a.get("variationOptions").get(0).has("name")).isFalse();
            JsonNode b = find(d.get("featureFlags"), "id", "flag-b");
            assertThat(b.get("variation").stringValue()).isEqualTo("false");
            assertThat(b.get("matchReason").stringValue()).isEqualTo("default");

            ws.send(clientSync("bob", 0));
            JsonNode bob = Json.tree(ws.next()).get("data");
            assertThat(bob.get("userKeyId").stringValue()).isEqualTo("bob");
            assertThat(find(bob.get("featureFlags"), "id", "flag-a").get("variation").stringValue()).isEqualTo("false");
        }
        await(() -> els.queue.published(Topics.END_USERS).stream().anyMatch(p -> p.payload().contains("\"keyId\":\"bob\"")));
        String alice = els.queue.published(Topics.END_USERS).stream().filter(p -> p.payload().contains("alice")).findFirst().orElseThrow().payload();
        JsonNode msg = Json.tree(alice);
        assertThat(msg.get("envId").stringValue()).isEqualTo(prod.id().toString());
        assertThat(msg.get("customizedProperties").get(0).get("value").stringValue()).isEqualTo("fr");
    }

    @Test
    void fragmentedMessagesAreReassembled() {
        try (WsClient ws = server(prod)) {
            ws.sendFragments("{\"messageType\":\"data-sy", "nc\",\"data\":{\"timestamp\":0}}");
            assertThat(Json.tree(ws.next()).get("data").get("eventType").stringValue()).isEqualTo("full");
            ws.sendFragments("{\"messageType\":", "\"echo\",\"data\"", ":{}}");
            assertThat(ws.next()).isEqualTo("{\"messageType\":\"echo\",\"data\":{}}");
        }
    }

    @Test
    void badMessagesAreIgnoredAndTheConnectionStaysUsable() {
        try (WsClient ws = server(prod)) {
            ws.send("not json");
            ws.send("{\"messageType\":\"ping\"}"); // no data property: ignored, as FeatBit
            ws.send("{\"messageType\":\"launch-missiles\",\"data\":{}}");
            ws.send("[1,2,3]");
            ws.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":\"soon\"}}");
            ws.send("{\"messageType\":\"ping\",\"data\":{}}");
            String next = ws.next();
            if (next.contains("data-sync")) {
                next = ws.next(); // a lenient full sync for the string timestamp is fine
            }
            assertThat(next).isEqualTo("{\"messageType\":\"pong\",\"data\":{}}");
        }
    }

    @Test
    void messagesUpTo64KiBAreAcceptedLargerOnesCloseWith1009() {
        StringBuilder props = new StringBuilder();
        int i = 0;
        while (props.length() < 60 * 1024) {
            props.append(i == 0 ? "" : ",").append("{\"name\":\"p").append(i).append("\",\"value\":\"").append("x".repeat(100)).append("\"}");
            i++;
        }
        String big = "{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0,\"user\":{\"keyId\":\"big\",\"name\":\"big\",\"customizedProperties\":[" + props + "]}}}";
        assertThat(big.length()).isBetween(60 * 1024, 64 * 1024);
        try (WsClient ws = client(prod)) {
            ws.send(big);
            assertThat(Json.tree(ws.next()).get("data").get("userKeyId").stringValue()).isEqualTo("big");
            // ... and as fragments
            ws.sendFragments(big.substring(0, 30_000), big.substring(30_000));
            assertThat(Json.tree(ws.next()).get("data").get("userKeyId").stringValue()).isEqualTo("big");
        }
        String tooBig = "{\"messageType\":\"echo\",\"data\":\"" + "y".repeat(70 * 1024) + "\"}";
        try (WsClient ws = server(prod)) {
            ws.send(tooBig);
            assertThat(ws.closeCode()).isEqualTo(1009);
        }
        try (WsClient ws = server(prod)) {
            ws.sendFragments(tooBig.substring(0, 40_000), tooBig.substring(40_000));
            assertThat(ws.closeCode()).isEqualTo(1009);
        }
        // Others are unaffected.
        try (WsClient ws = server(prod)) {
            ws.send("{\"messageType\":\"ping\",\"data\":null}");
            assertThat(ws.next()).contains("pong");
        }
    }

    @Test
    void aFlagChangeIsPushedToTheConnectionsOfItsEnvironmentOnly() throws Exception {
        FeatBitData.Env env = data.environment("push");
        UUID flag = data.booleanFlag(env.id(), "pushed", T1, null);
        try (WsClient srv = server(env); WsClient other = server(staging); WsClient cli = client(env)) {
            srv.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}");
            srv.next();
            other.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}");
            other.next();
            cli.send(clientSync("carol", 0));
            assertThat(find(Json.tree(cli.next()).get("data").get("featureFlags"), "id", "pushed").get("variation").stringValue()).isEqualTo("false");

            // The API's message: the whole flag document, now disabled-with "on"... switched to serve "on" by targeting carol.
            String doc = """
                    {"id":"%s","envId":"%s","revision":"%s","name":"pushed","description":"","key":"pushed","variationType":"boolean",
                     "variations":[{"id":"on","name":"on","value":"true"},{"id":"off","name":"off","value":"false"}],
                     "targetUsers":[{"keyIds":["carol"],"variationId":"on"}],"rules":[],"isEnabled":true,"disabledVariationId":"off",
                     "fallthrough":{"dispatchKey":null,"includedInExpt":false,"variations":[{"id":"off","rollout":[0,1],"exptRollout":1}]},
                     "exptIncludeAllTargets":false,"tags":[],"isArchived":false,"createdAt":"2024-01-01T00:00:00Z",
                     "updatedAt":"2024-03-01T00:00:00.5Z","creatorId":"%s","updatorId":"%s"}"""
                    .formatted(flag, env.id(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
            els.queue.deliver(Topics.FEATURE_FLAG_CHANGE, doc);

            JsonNode patch = Json.tree(srv.next()).get("data");
            assertThat(patch.get("eventType").stringValue()).isEqualTo("patch");
            assertThat(patch.get("featureFlags").get(0).get("revision")).isNotNull();
            assertThat(patch.get("featureFlags").get(0).get("targetUsers").get(0).get("keyIds").get(0).stringValue()).isEqualTo("carol");
            assertThat(patch.get("segments")).isEmpty();

            JsonNode clientPatch = Json.tree(cli.next()).get("data");
            assertThat(clientPatch.get("eventType").stringValue()).isEqualTo("patch");
            assertThat(clientPatch.get("userKeyId").stringValue()).isEqualTo("carol");
            assertThat(clientPatch.get("featureFlags").get(0).get("variation").stringValue()).isEqualTo("true");
            assertThat(clientPatch.get("featureFlags").get(0).get("matchReason").stringValue()).isEqualTo("targeted");

            // The other environment got nothing: its next message is the answer to its own ping.
            other.send("{\"messageType\":\"ping\",\"data\":null}");
            assertThat(other.next()).contains("pong");

            // A redelivered (duplicate) message changes nothing and pushes nothing.
            els.queue.deliver(Topics.FEATURE_FLAG_CHANGE, doc);
            srv.send("{\"messageType\":\"ping\",\"data\":null}");
            assertThat(srv.next()).contains("pong");

            // New data is served to new syncs as well.
            srv.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":" + T1.toEpochMilli() + "}}");
            assertThat(keys(Json.tree(srv.next()).get("data").get("featureFlags"), "key")).containsExactly("pushed");
        }
    }

    @Test
    void aSegmentChangeReEvaluatesTheFlagsThatUseIt() {
        FeatBitData.Env env = data.environment("seg");
        UUID seg = data.segment(env.id(), "seg", T1, "alice");
        UUID flag = data.booleanFlag(env.id(), "gated", T1, seg);
        try (WsClient srv = server(env); WsClient cli = client(env)) {
            srv.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}");
            srv.next();
            cli.send(clientSync("dave", 0));
            assertThat(find(Json.tree(cli.next()).get("data").get("featureFlags"), "id", "gated").get("variation").stringValue()).isEqualTo("false");

            // What the API does: update the segment, bump the flags using it, publish one message.
            Instant now = Instant.parse("2024-05-01T00:00:00Z");
            data.setSegmentIncluded(seg, now, "alice", "dave");
            data.touchFlag(flag, now, true);
            String message = """
                    {"segment":{"id":"%s","envId":"%s","name":"beta","key":"beta","description":"","included":["alice","dave"],"excluded":[],
                     "rules":[],"tags":[],"isArchived":false,"createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-05-01T00:00:00Z"},
                     "affectedFlagIds":["%s"]}""".formatted(seg, env.id(), flag);
            els.queue.deliver(Topics.SEGMENT_CHANGE, message);

            JsonNode serverPatch = Json.tree(srv.next()).get("data");
            assertThat(serverPatch.get("featureFlags")).isEmpty();
            assertThat(serverPatch.get("segments").get(0).get("included")).hasSize(2);

            JsonNode clientPatch = Json.tree(cli.next()).get("data");
            JsonNode gated = find(clientPatch.get("featureFlags"), "id", "gated");
            assertThat(gated.get("variation").stringValue()).isEqualTo("true");
            assertThat(gated.get("timestamp").longValue()).isEqualTo(now.toEpochMilli());
        }
    }

    @Test
    void resyncCatchesUpAChangeWhoseMessageWasLost() {
        FeatBitData.Env env = data.environment("resync");
        UUID flag = data.booleanFlag(env.id(), "quiet", T1, null);
        try (WsClient srv = server(env); WsClient cli = client(env)) {
            srv.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}");
            srv.next();
            cli.send(clientSync("erin", 0));
            cli.next();
            data.touchFlag(flag, Instant.now().truncatedTo(ChronoUnit.MILLIS), false); // no message published
            els.server.resync();
            JsonNode patch = Json.tree(srv.next()).get("data");
            assertThat(patch.get("featureFlags").get(0).get("isEnabled").booleanValue()).isFalse();
            JsonNode clientPatch = Json.tree(cli.next()).get("data");
            assertThat(clientPatch.get("featureFlags").get(0).get("matchReason").stringValue()).isEqualTo("flag disabled");
        }
    }

    @Test
    void pollingEndpointsAuthenticateAgainstTheStore() {
        HttpResponse<String> full = els.get("/api/public/sdk/server/latest-all", prod.serverSecret());
        assertThat(full.statusCode()).isEqualTo(200);
        JsonNode body = Json.tree(full.body());
        assertThat(body.get("messageType").stringValue()).isEqualTo("data-sync");
        assertThat(body.get("data").get("eventType").stringValue()).isEqualTo("full");
        assertThat(keys(body.get("data").get("featureFlags"), "key")).containsExactlyInAnyOrder("flag-a", "flag-b");

        HttpResponse<String> nothing = els.get("/api/public/sdk/server/latest-all?timestamp=" + T2.toEpochMilli(), prod.serverSecret());
        assertThat(nothing.statusCode()).isEqualTo(200);
        assertThat(nothing.body()).isEmpty();

        // ADR 0040: FeatBit accepts any well-formed secret, and a client secret on the server endpoint.
        assertThat(els.get("/api/public/sdk/server/latest-all", prod.clientSecret()).statusCode()).isEqualTo(401);
        assertThat(els.get("/api/public/sdk/server/latest-all", EnvironmentSecret.create(prod.id())).statusCode()).isEqualTo(401);
        assertThat(els.get("/api/public/sdk/server/latest-all", null).statusCode()).isEqualTo(401);
        assertThat(els.get("/API/Public/SDK/Server/Latest-All", staging.serverSecret()).statusCode()).isEqualTo(200);

        HttpResponse<String> client = els.post("/api/public/sdk/client/latest-all?timestamp=0", prod.clientSecret(),
                "{\"keyId\":\"alice\",\"name\":\"Alice\",\"customizedProperties\":[]}");
        assertThat(client.statusCode()).isEqualTo(200);
        JsonNode cd = Json.tree(client.body()).get("data");
        assertThat(cd.get("userKeyId").stringValue()).isEqualTo("alice");
        assertThat(find(cd.get("featureFlags"), "id", "flag-a").get("variation").stringValue()).isEqualTo("true");
        assertThat(els.post("/api/public/sdk/client/latest-all", prod.clientSecret(), "{\"keyId\":\" \"}").statusCode()).isEqualTo(400);
        assertThat(els.post("/api/public/sdk/client/latest-all", prod.clientSecret(), "{not json").statusCode()).isEqualTo(400);
        assertThat(els.post("/api/public/sdk/client/latest-all?timestamp=" + T2.toEpochMilli(), prod.clientSecret(),
                "{\"keyId\":\"alice\"}").body()).isEmpty();
    }

    @Test
    void evaluateEndpointFiltersAndEvaluates() {
        HttpResponse<String> r = els.post("/api/public/featureflag/evaluate", prod.serverSecret(),
                "{\"user\":{\"keyId\":\"vip\",\"name\":\"V\"},\"filter\":{\"keys\":[\"flag-b\"]}}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode arr = Json.tree(r.body());
        assertThat(arr).hasSize(1);
        assertThat(arr.get(0).get("key").stringValue()).isEqualTo("flag-b");
        assertThat(arr.get(0).get("variation").get("value").stringValue()).isEqualTo("true");
        assertThat(arr.get(0).get("variation").get("type").stringValue()).isEqualTo("boolean");
        assertThat(arr.get(0).get("variation").get("matchReason").stringValue()).isEqualTo("targeted");
        assertThat(els.post("/api/public/featureflag/evaluate", prod.serverSecret(), "{\"user\":null}").statusCode()).isEqualTo(400);
        HttpResponse<String> badMode = els.post("/api/public/featureflag/evaluate", prod.serverSecret(),
                "{\"user\":{\"keyId\":\"u\"},\"filter\":{\"tagFilterMode\":\"xor\"}}");
        assertThat(badMode.statusCode()).isEqualTo(400);
        assertThat(badMode.body()).isEqualTo("Invalid tag filter mode: xor. Valid values are 'and' or 'or'.");
        HttpResponse<String> tags = els.post("/api/public/featureflag/evaluate", prod.clientSecret(),
                "{\"user\":{\"keyId\":\"u\"},\"filter\":{\"tagFilterMode\":\"or\",\"tags\":[\"web\",\"x\"]}}");
        assertThat(Json.tree(tags.body())).hasSize(2);
    }

    @Test
    void insightTrackPublishesInsightEndUserAndUsageJobMessages() {
        String body = """
                [{"user":{"keyId":"track-user","name":"T","customizedProperties":[{"name":"p","value":"v"}]},
                  "variations":[{"featureFlagKey":"flag-a","sendToExperiment":true,"timestamp":1718000000000,"variation":{"id":"on","value":"true"}},
                                {"featureFlagKey":"flag-b","sendToExperiment":false,"timestamp":1718000000000,"variation":null}],
                  "metrics":[{"route":"/","type":"CustomEvent","eventName":"checkout","numericValue":1.5,"appType":"web","timestamp":1718000000000}]},
                 {"user":null,"variations":[]}]""";
        HttpResponse<String> r = els.post("/api/public/insight/track", prod.clientSecret(), body);
        assertThat(r.statusCode()).isEqualTo(200);
        await(() -> !els.queue.published(Topics.USAGE).isEmpty());
        await(() -> els.queue.published(Topics.INSIGHTS).size() >= 2);
        List<JsonNode> insights = new ArrayList<>();
        els.queue.published(Topics.INSIGHTS).forEach(p -> insights.add(Json.tree(p.payload())));
        JsonNode flagValue = insights.stream().filter(n -> n.get("event").stringValue().equals("FlagValue")).findFirst().orElseThrow();
        assertThat(flagValue.get("distinct_id").stringValue()).isEqualTo(prod.id() + "-flag-a");
        assertThat(flagValue.get("timestamp").longValue()).isEqualTo(1718000000000000L);
        JsonNode props = Json.tree(flagValue.get("properties").stringValue());
        assertThat(props.get("tag_1").stringValue()).isEqualTo("on");
        assertThat(props.get("tag_2").stringValue()).isEqualTo("true");
        JsonNode metric = insights.stream().filter(n -> n.get("event").stringValue().equals("CustomEvent")).findFirst().orElseThrow();
        assertThat(Json.tree(metric.get("properties").stringValue()).get("tag_1").stringValue()).isEqualTo("1.5");
        JsonNode usage = Json.tree(els.queue.published(Topics.USAGE).getLast().payload());
        assertThat(usage.get("flagEvaluations").intValue()).isEqualTo(2);
        assertThat(usage.get("customMetrics").intValue()).isEqualTo(1);
        assertThat(usage.get("endUsers").get(0).stringValue()).isEqualTo("track-user");
        assertThat(els.queue.published(Topics.END_USERS)).anyMatch(p -> p.payload().contains("track-user"));

        assertThat(els.post("/api/public/insight/track", prod.clientSecret(), "{\"not\":\"an array\"}").statusCode()).isEqualTo(400);
        assertThat(els.post("/api/public/insight/track", "garbage", "[]").statusCode()).isEqualTo(401);
    }

    @Test
    void corsPreflightIsAnsweredBeforeAuthentication() {
        HttpResponse<String> r = ServerHarness.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + els.port() + "/api/public/insight/track"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-user-agent")
                .build());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(r.headers().firstValue("access-control-allow-methods")).hasValue("POST");
        assertThat(r.headers().firstValue("access-control-allow-headers")).hasValue("authorization,content-type,x-user-agent");
        HttpResponse<String> get = ServerHarness.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + els.port() + "/api/public/sdk/server/latest-all"))
                .header("Origin", "https://app.example").header("Authorization", prod.serverSecret()).build());
        assertThat(get.headers().firstValue("access-control-allow-origin")).hasValue("*");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", els.port())) {
            String requests = "GET /api/public/sdk/server/latest-all HTTP/1.1\r\nHost: x\r\nAuthorization: " + prod.serverSecret() + "\r\n\r\n"
                    + "GET /health/liveness HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(requests.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            String all = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int sync = all.indexOf("{\"messageType\":\"data-sync\"");
            int healthy = all.indexOf("Healthy");
            int notFound = all.indexOf("404 Not Found");
            assertThat(sync).isPositive();
            assertThat(healthy).isGreaterThan(sync);
            assertThat(notFound).isGreaterThan(healthy);
        }
    }

    @Test
    void healthAndMetrics() {
        assertThat(els.get("/health/liveness", null).body()).isEqualTo("Healthy");
        HttpResponse<String> ready = els.get("/health/readiness", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("Healthy");
        try (WsClient ws = server(prod)) {
            ws.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}");
            ws.next();
            String metrics = els.get("/metrics", null).body();
            assertThat(metrics).contains("# TYPE els_connections gauge");
            assertThat(metrics).containsPattern("els_connections\\{sdk_type=\"server\"} [1-9]");
            assertThat(metrics).contains("els_messages_in_total{message_type=\"data-sync\"}");
            assertThat(metrics).contains("els_data_sync_seconds_bucket{sdk_type=\"server\",le=\"+Inf\"}");
        }
        assertThat(els.get("/nowhere", null).statusCode()).isEqualTo(404);
    }

    static List<String> keys(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).stringValue()));
        return out;
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.get(field).stringValue())) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }

    static void await(java.util.function.BooleanSupplier condition) {
        for (int i = 0; i < 200; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("condition not met within 10 s");
    }
}
