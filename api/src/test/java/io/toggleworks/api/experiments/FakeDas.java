package io.toggleworks.api.experiments;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the DAS's {@code POST /api/expt/results} over real HTTP (the API module does not run the DAS):
 * records every request and answers FeatBit's envelope with one result per variation, the baseline marked, and
 * {@code isFinish} = the request has an end. {@link #failing} makes it answer 500, as an unhealthy DAS would.
 */
final class FakeDas implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    volatile boolean failing;
    private final HttpServer server;

    FakeDas() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/expt/results", exchange -> {
            byte[] body;
            int status;
            try (exchange) {
                JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
                requests.add(request);
                if (failing) {
                    status = 500;
                    body = "{\"code\":500,\"error\":\"boom\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
                } else {
                    status = 200;
                    body = JSON.writeValueAsBytes(answer(request));
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    JsonNode last() {
        return requests.getLast();
    }

    private static ObjectNode answer(JsonNode request) {
        ObjectNode data = JSON.createObjectNode();
        data.set("exptId", request.path("exptId"));
        data.set("iterationId", request.path("iterationId"));
        data.set("eventType", request.path("eventType"));
        boolean finished = !request.path("endExptTime").isNull() && !request.path("endExptTime").isMissingNode();
        data.put("isFinish", finished);
        ArrayNode results = data.putArray("results");
        int n = 0;
        for (JsonNode id : request.path("variationIds")) {
            boolean baseline = id.asString().equals(request.path("baselineVariationId").asString());
            ObjectNode r = results.addObject();
            r.put("variationId", id.asString());
            r.put("uniqueUsers", 1000);
            r.put("conversion", 100 + 50 * n);
            r.put("conversionRate", n == 0 ? "0.1" : "0.15");
            ArrayNode ci = r.putArray("confidenceInterval");
            ci.add(baseline ? "0" : "0.14373");
            ci.add(baseline ? "0" : "0.85627");
            r.put("pValue", baseline ? "1" : "0.00597");
            r.put("effectSize", baseline ? "0" : "0.5");
            r.put("isBaseline", baseline);
            r.put("isWinner", !baseline);
            r.put("isInvalid", baseline);
            r.put("reason", baseline ? "is baseline" : "");
            if (baseline) {
                r.putNull("probabilityToBeatBaseline");
            } else {
                r.put("probabilityToBeatBaseline", "0.99964");
            }
            n++;
        }
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("code", 200);
        envelope.put("error", "");
        envelope.set("data", data);
        return envelope;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
