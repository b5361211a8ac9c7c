package io.toggleworks.els;

import io.toggleworks.core.json.Json;
import io.toggleworks.els.config.ElsConfig;
import io.toggleworks.els.support.FeatBitData;
import io.toggleworks.els.support.TestDatabase;
import io.toggleworks.els.support.WsClient;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path with the real PostgreSQL queue (MqProvider=Postgres, found by ServiceLoader): a change published
 * as the API does (queue_messages row + NOTIFY) reaches a connected SDK; tracked insights become Pending rows.
 */
class PostgresQueueTest {
    static TestDatabase db;
    static FeatBitData data;
    static FeatBitData.Env env;
    static UUID flag;
    static EvaluationServer els;
    static MessageQueue api;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        data = new FeatBitData(db);
        env = data.environment("prod");
        flag = data.booleanFlag(env.id(), "live", Instant.parse("2024-01-01T00:00:00Z"), null);
        ElsConfig config = ServerHarness.ElsConfigs.of(db, Map.of("MqProvider", "Postgres"));
        els = EvaluationServerLauncher.create(config).start();
        api = EvaluationServerLauncher.queue(config); // stands in for the API's producer
    }

    @AfterAll
    static void stop() {
        if (els != null) {
            els.close();
        }
        if (api != null) {
            api.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aChangePublishedOnThePostgresQueueReachesTheSdk() {
        try (WsClient ws = WsClient.connect(els.port(), "type=server&token=" + ServerHarness.token(env.serverSecret()))) {
            ws.send("{\"messageType\":\"data-sync\",\"data\":{\"timestamp\":0}}");
            ws.next();
            String doc = """
                    {"id":"%s","envId":"%s","revision":"%s","name":"live","description":"","key":"live","variationType":"boolean",
                     "variations":[{"id":"on","name":"on","value":"true"},{"id":"off","name":"off","value":"false"}],
                     "targetUsers":[],"rules":[],"isEnabled":false,"disabledVariationId":"off",
                     "fallthrough":{"dispatchKey":null,"includedInExpt":false,"variations":[{"id":"on","rollout":[0,1],"exptRollout":1}]},
                     "exptIncludeAllTargets":false,"tags":[],"isArchived":false,"createdAt":"2024-01-01T00:00:00Z",
                     "updatedAt":"2024-06-01T00:00:00Z","creatorId":"%s","updatorId":"%s"}"""
                    .formatted(flag, env.id(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
            // The listener may still be connecting: publish until the push arrives (duplicates are harmless).
            String pushed = null;
            for (int i = 0; i < 20 && pushed == null; i++) {
                api.producer().publish(Topics.FEATURE_FLAG_CHANGE, doc);
                pushed = ws.poll(500);
            }
            assertThat(pushed).isNotNull();
            JsonNode patch = Json.tree(pushed).get("data");
            assertThat(patch.get("eventType").stringValue()).isEqualTo("patch");
            assertThat(patch.get("featureFlags").get(0).get("isEnabled").booleanValue()).isFalse();
        }
    }

    @Test
    void trackedInsightsBecomePendingJobRows() throws Exception {
        var r = ServerHarness.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + els.port() + "/api/public/insight/track"))
                .header("Authorization", env.clientSecret())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "[{\"user\":{\"keyId\":\"pg-user\",\"name\":\"P\"},\"variations\":[{\"featureFlagKey\":\"live\",\"sendToExperiment\":false,"
                                + "\"timestamp\":1718000000000,\"variation\":{\"id\":\"on\",\"value\":\"true\"}}]}]"))
                .build());
        assertThat(r.statusCode()).isEqualTo(200);
        EvaluationServerTest.await(() -> count("featbit-insights") == 1 && count("featbit-usage") == 1 && count("featbit-endusers") >= 1);
    }

    private static int count(String topic) {
        try (Connection c = DriverManager.getConnection(db.url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from queue_messages where status = 'Pending' and topic = '" + topic + "'")) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
