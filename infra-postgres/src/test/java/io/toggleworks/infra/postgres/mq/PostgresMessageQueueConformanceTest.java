package io.toggleworks.infra.postgres.mq;

import io.toggleworks.infra.postgres.testing.PostgresTestDatabase;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProviders;
import io.toggleworks.testkit.mq.MessageQueueConformanceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The provider-independent queue suite on PostgreSQL, found through {@code MqProvider=Postgres} like a service would. */
class PostgresMessageQueueConformanceTest extends MessageQueueConformanceTest {
    static final int MAX_DELIVERIES = 3;
    private static PostgresTestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = PostgresTestDatabase.create("tw_mq").withQueueTable();
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void emptyQueue() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("truncate queue_messages");
        }
    }

    /** Short intervals so that redelivery and reconnection happen within a test's patience. */
    static ProviderConfig fastConfig(PostgresTestDatabase db) {
        return ProviderConfig.of(Map.ofEntries(
                Map.entry("MqProvider", "Postgres"),
                Map.entry("Postgres__ConnectionString", db.npgsqlConnectionString()),
                Map.entry("Postgres__Queue__BatchSize", "20"),
                Map.entry("Postgres__Queue__PollIntervalMs", "100"),
                Map.entry("Postgres__Queue__VisibilityTimeoutMs", "3000"),
                Map.entry("Postgres__Queue__MaxDeliveries", Integer.toString(MAX_DELIVERIES)),
                Map.entry("Postgres__Queue__RetryDelayMs", "50"),
                Map.entry("Postgres__Queue__ReconnectMinDelayMs", "50"),
                Map.entry("Postgres__Queue__ReconnectMaxDelayMs", "500"),
                Map.entry("Postgres__Queue__HeartbeatIntervalMs", "500"),
                Map.entry("Postgres__Queue__PublishRetryDelayMs", "50"),
                Map.entry("Postgres__Queue__CloseTimeoutMs", "500"),
                Map.entry("Postgres__Queue__PoolSize", "4")));
    }

    @Override
    protected MessageQueue openQueue() {
        return MessageQueueProviders.create(fastConfig(db), "None");
    }

    @Override
    protected void interruptConnections() throws SQLException {
        db.terminateSessions();
    }

    @Override
    protected Optional<List<String>> parkedPayloads(String topic) throws SQLException {
        List<String> payloads = new ArrayList<>();
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("select payload from queue_messages where topic = ? and status = 'Failed'")) {
            ps.setString(1, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    payloads.add(rs.getString(1));
                }
            }
        }
        return Optional.of(payloads);
    }

    @Override
    protected int maxDeliveries() {
        return MAX_DELIVERIES;
    }
}
