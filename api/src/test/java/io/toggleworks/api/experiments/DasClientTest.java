package io.toggleworks.api.experiments;

import com.sun.net.httpserver.HttpServer;
import io.toggleworks.api.config.FeatBitSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.JsonNode;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The DAS client over real HTTP: FeatBit's µs times on the wire, and every kind of bad answer read as "no answer". */
class DasClientTest {
    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<String> received = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private DasClient clientOf(String host) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of("OLAP__ServiceHost", host)));
        return new DasClient(new FeatBitSettings(env));
    }

    private DasClient serving(int status) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/expt/results", exchange -> {
            try (exchange) {
                received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return clientOf("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static DasClient.IterationQuery query(Long endMs) {
        return new DasClient.IterationQuery(UUID.randomUUID(), "it", UUID.randomUUID(), "env-flag", "A",
                List.of("A", "B"), "checkout", 1, 1, 1, null, 1_717_200_000_123L, endMs, 0.05);
    }

    @Test
    void sendsMicrosecondsAndReadsTheResults() throws Exception {
        answer.set("""
                {"code":200,"error":"","data":{"isFinish":true,"results":[{"variationId":"B","uniqueUsers":1000,
                "conversion":150,"conversionRate":"0.15","confidenceInterval":["0.14373","0.85627"],"pValue":"0.00597",
                "effectSize":"0.5","isBaseline":false,"isWinner":true,"isInvalid":false,"reason":"",
                "probabilityToBeatBaseline":"0.99964"}]}}""");
        DasClient client = serving(200);
        Optional<DasClient.IterationAnswer> a = client.results(query(1_717_300_000_000L));
        JsonNode sent = FakeDas.JSON.readTree(received.get());
        assertThat(sent.path("startExptTime").asLong()).isEqualTo(1_717_200_000_123_000L);
        assertThat(sent.path("endExptTime").asLong()).isEqualTo(1_717_300_000_000_000L);
        assertThat(sent.path("customEventUnit").isNull()).isTrue();
        assertThat(a).isPresent();
        assertThat(a.get().isFinish()).isTrue();
        IterationResult r = a.get().results().getFirst();
        assertThat(r.variationId()).isEqualTo("B");
        assertThat(r.conversion()).isEqualTo(150L);
        assertThat(r.isWinner()).isTrue();
        assertThat(r.confidenceInterval()).containsExactly("0.14373", "0.85627");
        assertThat(r.probabilityToBeatBaseline()).isEqualTo("0.99964");

        client.results(query(null));
        assertThat(FakeDas.JSON.readTree(received.get()).path("endExptTime").isNull()).isTrue();
    }

    @Test
    void anErrorStatusIsNoAnswer() throws Exception {
        answer.set("{\"code\":500,\"error\":\"boom\",\"data\":{}}");
        assertThat(serving(500).results(query(null))).isEmpty();
    }

    @Test
    void aBodyThatIsNotTheEnvelopeIsNoAnswer() throws Exception {
        answer.set("<html>gateway</html>");
        assertThat(serving(200).results(query(null))).isEmpty();
    }

    @Test
    void anEnvelopeWithoutResultsIsNoAnswer() throws Exception {
        answer.set("{\"code\":200,\"error\":\"\",\"data\":{}}");
        assertThat(serving(200).results(query(null))).isEmpty();
    }

    @Test
    void anUnreachableDasIsNoAnswer() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThat(clientOf("http://127.0.0.1:" + closedPort).results(query(null))).isEmpty();
    }
}
