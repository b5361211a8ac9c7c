package io.toggleworks.els;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.els.support.FakeMessageQueue;
import io.toggleworks.els.support.FeatBitData;
import io.toggleworks.els.support.TestDatabase;
import io.toggleworks.els.support.WsClient;
import io.toggleworks.spi.mq.Topics;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-connection limits, store outages and shutdown, each on a server of its own. */
class LimitsAndShutdownTest {
    static TestDatabase db;
    static FeatBitData data;
    static FeatBitData.Env env;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create();
        data = new FeatBitData(db);
        env = data.environment("prod");
        data.booleanFlag(env.id(), "f", Instant.parse("2024-01-01T00:00:00Z"), null);
    }

    @AfterAll
    static void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private static WsClient server(ServerHarness els) {
        return WsClient.connect(els.port(), "type=server&token=" + ServerHarness.token(env.serverSecret()));
    }

    @Test
    void aConnectionOverItsRateCapIsIgnoredWithoutHurtingOthers() throws Exception {
        // Three messages at once, then (practically) no refill.
        try (ServerHarness els = new ServerHarness(db, new FakeMessageQueue(), Map.of(
                "Streaming__MessagesPerSecond", "0.001", "Streaming__MessageBurst", "3"));
             WsClient flooder = server(els); WsClient neighbour = server(els)) {
            for (int i = 0; i < 50; i++) {
                flooder.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}");
            }
            for (int i = 0; i < 3; i++) {
                assertThat(flooder.next()).contains("\"eventType\":\"full\"");
            }
            assertThat(flooder.poll(500)).isNull();
            assertThat(flooder.isClosed()).isFalse();
            neighbour.send("{\"messageType\":\"ping\",\"data\":null}");
            assertThat(neighbour.next()).contains("pong");
            assertThat(els.server.metrics().count("els_messages_ignored_total", "reason", "rate_limit")).isEqualTo(47);
        }
    }

    @Test
    void aReaderThatNeverReadsIsClosedInsteadOfGrowingMemory() throws Exception {
        FeatBitData.Env slow = data.environment("slow");
        UUID flag = data.booleanFlag(slow.id(), "big", Instant.parse("2024-01-01T00:00:00Z"), null);
        try (ServerHarness els = new ServerHarness(db, new FakeMessageQueue(), Map.of("Streaming__MaxPendingBytes", "65536"))) {
            WsClient reader = WsClient.connectPaused(els.port(), "type=server&token=" + ServerHarness.token(slow.serverSecret()));
            reader.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}");
            EvaluationServerTest.await(() -> els.server.connections().count(io.toggleworks.els.streaming.SdkType.SERVER) == 1);
            String padding = "x".repeat(4096);
            for (int i = 1; i <= 20_000 && els.server.connections().count(io.toggleworks.els.streaming.SdkType.SERVER) > 0; i++) {
                String doc = "{\"id\":\"" + flag + "\",\"envId\":\"" + slow.id() + "\",\"key\":\"big\",\"description\":\"" + padding
                        + "\",\"isEnabled\":true,\"updatedAt\":\"" + Instant.parse("2024-01-01T00:00:00Z").plusMillis(i) + "\"}";
                els.queue.deliver(Topics.FEATURE_FLAG_CHANGE, doc);
            }
            EvaluationServerTest.await(() -> els.server.connections().count(io.toggleworks.els.streaming.SdkType.SERVER) == 0);
            reader.close();
        }
    }

    @Test
    void aMessageLeftIncompleteIsClosedWith1008() throws Exception {
        try (ServerHarness els = new ServerHarness(db, new FakeMessageQueue(), Map.of("Streaming__FragmentTimeoutSeconds", "1"));
             WsClient ws = server(els)) {
            ws.sendPartial("{\"messageType\":\"echo\",");
            assertThat(ws.closeCode()).isEqualTo(1008);
        }
    }

    @Test
    void anUnfinishedHttpRequestIsClosedButAnIdleWebSocketIsNot() throws Exception {
        try (ServerHarness els = new ServerHarness(db, new FakeMessageQueue(), Map.of("Http__IdleTimeoutSeconds", "1"));
             WsClient ws = server(els);
             java.net.Socket slowloris = new java.net.Socket("127.0.0.1", els.port())) {
            slowloris.getOutputStream().write("GET /health/liveness HTTP/1.1\r\nHost: x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            slowloris.setSoTimeout(10_000);
            assertThat(slowloris.getInputStream().read()).isEqualTo(-1); // closed by the server, nothing answered
            ws.send("{\"messageType\":\"ping\",\"data\":null}");
            assertThat(ws.next()).contains("pong");
        }
    }

    @Test
    void tooManyFragmentsAreRefused() throws Exception {
        try (ServerHarness els = new ServerHarness(db, new FakeMessageQueue(), Map.of("Streaming__MaxFragments", "4"));
             WsClient ws = server(els)) {
            ws.sendFragments("{", "\"messageType\"", ":", "\"echo\"", ",\"data\":{}}");
            assertThat(ws.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void aStoreOutageClosesNewConnectionsWith1011AndHttpWith503() throws Exception {
        EvaluationStore down = new EvaluationStore() {
            private StoreUnavailableException fail() {
                return new StoreUnavailableException("database is down", null);
            }

            @Override
            public List<FeatureFlag> flagsUpdatedAfter(UUID envId, long timestampMs) {
                throw fail();
            }

            @Override
            public List<FeatureFlag> flagsByIds(Collection<UUID> ids) {
                throw fail();
            }

            @Override
            public Optional<Segment> segment(UUID id) {
                throw fail();
            }

            @Override
            public List<Segment> segmentsUpdatedAfter(UUID envId, long timestampMs) {
                throw fail();
            }

            @Override
            public Optional<SecretRecord> secret(String secret) {
                throw fail();
            }

            @Override
            public boolean isAvailable() {
                return false;
            }

            @Override
            public void close() {
            }
        };
        try (ServerHarness els = new ServerHarness(ServerHarness.ElsConfigs.of(db, Map.of()), new FakeMessageQueue(), down);
             WsClient ws = server(els)) {
            assertThat(ws.closeCode()).isEqualTo(1011);
            assertThat(els.get("/api/public/sdk/server/latest-all", env.serverSecret()).statusCode()).isEqualTo(503);
            assertThat(els.get("/health/readiness", null).statusCode()).isEqualTo(503);
            assertThat(els.get("/health/liveness", null).statusCode()).isEqualTo(200);
            // A forged secret is still refused without asking the store.
            assertThat(els.get("/api/public/sdk/server/latest-all", "not-a-secret").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void shutdownClosesSocketsWith1001AndFlushesBufferedInsights() throws Exception {
        FakeMessageQueue slowQueue = new FakeMessageQueue(20); // 20 ms per message: the buffer fills up
        ServerHarness els = new ServerHarness(db, slowQueue, Map.of());
        WsClient ws = server(els);
        ws.send("{\"messageType\":\"ping\",\"data\":null}");
        ws.next();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            body.append(i == 0 ? "" : ",").append("{\"user\":{\"keyId\":\"u").append(i).append("\",\"name\":\"n\"},\"variations\":[")
                    .append("{\"featureFlagKey\":\"f\",\"sendToExperiment\":false,\"timestamp\":1718000000000,\"variation\":{\"id\":\"on\",\"value\":\"true\"}}]}");
        }
        body.append(']');
        assertThat(els.post("/api/public/insight/track", env.serverSecret(), body.toString()).statusCode()).isEqualTo(200);
        els.close();
        assertThat(ws.closeCode()).isEqualTo(1001);
        // 40 end users + 40 insights + 1 usage, all handed to the queue before it was closed.
        assertThat(slowQueue.published(Topics.INSIGHTS)).hasSize(40);
        assertThat(slowQueue.published(Topics.END_USERS)).hasSize(40);
        assertThat(slowQueue.published(Topics.USAGE)).hasSize(1);
        assertThat(slowQueue.isClosed()).isTrue();
        ws.close();
    }

    @Test
    void anUnknownSecretTypeOrEnvironmentNeverReadsAnotherEnvironment() throws Exception {
        FeatBitData.Env other = data.environment("other");
        try (ServerHarness els = new ServerHarness(db, new FakeMessageQueue(), Map.of())) {
            // A secret whose tail names env "other" but whose value belongs to nobody: refused.
            String forged = env.serverSecret().substring(0, 22) + EnvironmentSecret.create(other.id()).substring(22);
            assertThat(els.get("/api/public/sdk/server/latest-all", forged).statusCode()).isEqualTo(401);
            try (WsClient ws = WsClient.connect(els.port(), "type=server&token=" + ServerHarness.token(forged))) {
                assertThat(ws.closeCode()).isEqualTo(4003);
            }
        }
    }
}
