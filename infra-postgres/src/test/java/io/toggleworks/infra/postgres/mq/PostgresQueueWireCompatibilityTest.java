package io.toggleworks.infra.postgres.mq;

import io.toggleworks.infra.postgres.testing.PostgresTestDatabase;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.JobMessage;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProviders;
import io.toggleworks.spi.mq.NoneMessageQueueProvider;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.mq.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a FeatBit service sharing the database sees of our queue, and what we make of rows FeatBit writes:
 * table, status strings, NOTIFY channels and payloads (spec infrastructure-and-analytics.md §2.3).
 */
@Timeout(120)
class PostgresQueueWireCompatibilityTest {
    private static PostgresTestDatabase db;
    private final List<MessageQueue> queues = new ArrayList<>();

    @BeforeAll
    static void createDatabase() {
        db = PostgresTestDatabase.create("tw_mqwire").withQueueTable();
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void emptyQueue() throws SQLException {
        execute("truncate queue_messages");
    }

    @AfterEach
    void closeQueues() {
        queues.forEach(MessageQueue::close);
    }

    private MessageQueue queue() {
        MessageQueue q = MessageQueueProviders.create(PostgresMessageQueueConformanceTest.fastConfig(db), "None");
        queues.add(q);
        return q;
    }

    @Test
    void providersAreFoundByFeatbitName() {
        assertThat(MessageQueueProviders.find("Postgres")).get().isInstanceOf(PostgresMessageQueueProvider.class);
        assertThat(MessageQueueProviders.find("postgres")).isPresent();
        assertThat(MessageQueueProviders.find("None")).get().isInstanceOf(NoneMessageQueueProvider.class);
        assertThatThrownBy(() -> MessageQueueProviders.create(ProviderConfig.of(Map.of("MqProvider", "Rabbit")), "None"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Rabbit").hasMessageContaining("Postgres").hasMessageContaining("None");
        assertThatThrownBy(() -> MessageQueueProviders.create(ProviderConfig.of(Map.of("MqProvider", "Postgres")), "None"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Postgres__ConnectionString");
        assertThatThrownBy(() -> PostgresQueueSettings.from(ProviderConfig.of(Map.of("Postgres__Queue__BatchSize", "many"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BatchSize");
    }

    @Test
    void noneProviderDropsAndDeliversNothing() {
        try (MessageQueue none = MessageQueueProviders.create(ProviderConfig.of(Map.of("MqProvider", "None")), "Postgres")) {
            none.producer().publish(Topics.END_USERS, "{}");
            none.realtimeConsumer().start((t, j) -> fail("None delivers nothing"));
            none.jobConsumer().start(Topics.END_USERS, b -> fail("None delivers nothing"));
        }
    }

    @Test
    void realtimePublishIsANotifiedRowAnnouncedByItsIdOnFeatbitsChannel() throws Exception {
        try (Connection listener = db.connect(); Statement s = listener.createStatement()) {
            s.execute("LISTEN featbit_feature_flag_change_channel; LISTEN featbit_segment_change_channel");
            queue().producer().publish(Topics.FEATURE_FLAG_CHANGE, "{\"id\":\"f1\"}");
            queue().producer().publish(Topics.SEGMENT_CHANGE, "{\"segment\":{},\"affectedFlagIds\":[]}");

            List<PGNotification> received = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.size() < 2 && System.nanoTime() < deadline) {
                PGNotification[] ns = listener.unwrap(PGConnection.class).getNotifications(500);
                if (ns != null) {
                    received.addAll(List.of(ns));
                }
            }
            assertThat(received).extracting(PGNotification::getName)
                    .containsExactly("featbit_feature_flag_change_channel", "featbit_segment_change_channel");
            for (PGNotification n : received) {
                assertThat(n.getParameter()).matches("[1-9][0-9]*");
                Map<String, Object> row = row(Long.parseLong(n.getParameter()));
                assertThat(row.get("status")).isEqualTo("Notified");
                assertThat(row.get("deliver_count")).isEqualTo(0);
                assertThat(row.get("not_visible_until")).isNull();
            }
            assertThat(row(Long.parseLong(received.getFirst().getParameter())))
                    .containsEntry("topic", "featbit-feature-flag-change").containsEntry("payload", "{\"id\":\"f1\"}");
        }
    }

    @Test
    void jobPublishIsAPendingRowWithoutNotify() throws Exception {
        queue().producer().publish(Topics.INSIGHTS, "{\"uuid\":\"u\"}");
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select topic, status, payload, deliver_count, not_visible_until from queue_messages")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("featbit-insights");
            assertThat(rs.getString(2)).isEqualTo("Pending");
            assertThat(rs.getString(3)).isEqualTo("{\"uuid\":\"u\"}");
            assertThat(rs.getInt(4)).isZero();
            assertThat(rs.getObject(5)).isNull();
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void batchPublishWritesPendingRowsInListOrder() throws Exception {
        queue().producer().publishAll(Topics.END_USERS, List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"));
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select status || ' ' || topic || ' ' || payload from queue_messages order by id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        assertThat(rows).containsExactly("Pending featbit-endusers {\"n\":1}", "Pending featbit-endusers {\"n\":2}",
                "Pending featbit-endusers {\"n\":3}");
    }

    @Test
    void realtimeMessageWrittenTheFeatbitWayIsReceived() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        RealtimeConsumer consumer = queue().realtimeConsumer();
        consumer.start((topic, json) -> received.add(topic + " " + json));
        // Wait until the listener is in place: publish probes through our producer until one arrives.
        await(() -> {
            queue().producer().publish(Topics.FEATURE_FLAG_CHANGE, "probe");
            return received.stream().anyMatch(r -> r.endsWith("probe"));
        });
        // FeatBit's API: insert committed first, then pg_notify on the same connection; plus a stray NOTIFY.
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("select pg_notify('featbit_segment_change_channel', 'not-an-id')");
            try (ResultSet rs = s.executeQuery(
                    "insert into queue_messages (topic, status, payload) values ('featbit-segment-change', 'Notified', '{\"seg\":1}') returning id")) {
                rs.next();
                s.execute("select pg_notify('featbit_segment_change_channel', '" + rs.getLong(1) + "')");
            }
        }
        await(() -> received.contains("featbit-segment-change {\"seg\":1}"));
    }

    @Test
    void jobRowsAreProcessingWhileHandledAndDeletedWhenDone() throws Exception {
        execute("insert into queue_messages (topic, payload) values ('featbit-endusers', '{\"keyId\":\"u1\"}')");
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        JobConsumer consumer = queue().jobConsumer();
        consumer.start(Topics.END_USERS, batch -> {
            inHandler.countDown();
            finish.await();
        });
        assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select status, deliver_count, not_visible_until > now(), last_deliver_at is not null from queue_messages")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Processing");
            assertThat(rs.getInt(2)).isEqualTo(1);
            assertThat(rs.getBoolean(3)).isTrue();
            assertThat(rs.getBoolean(4)).isTrue();
        }
        finish.countDown();
        await(() -> count("select count(*) from queue_messages") == 0);
    }

    @Test
    void visibilityIsExtendedWhileTheHandlerWorks() throws Exception {
        execute("insert into queue_messages (topic, payload) values ('featbit-insights', '{\"slow\":true}')");
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        queue().jobConsumer().start(Topics.INSIGHTS, batch -> {
            inHandler.countDown();
            finish.await();
        });
        assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();
        String first = text("select not_visible_until::text from queue_messages");
        // A slow handler is still alive: its lease moves forward, so no second consumer gets the batch meanwhile.
        await(() -> text("select (not_visible_until > '" + first + "'::timestamptz)::text from queue_messages").equals("true"));
        finish.countDown();
        await(() -> count("select count(*) from queue_messages") == 0);
    }

    @Test
    void processingRowLeftByADeadConsumerIsDeliveredAgain() throws Exception {
        // What FeatBit leaves behind when its API dies mid-batch: never picked up again by FeatBit itself.
        execute("""
                insert into queue_messages (topic, status, payload, deliver_count, not_visible_until, last_deliver_at)
                values ('featbit-usage', 'Processing', '{"stuck":true}', 1, now() - interval '5 minutes', now() - interval '6 minutes')""");
        List<JobMessage> got = new CopyOnWriteArrayList<>();
        queue().jobConsumer().start(Topics.USAGE, got::addAll);
        await(() -> got.size() == 1);
        assertThat(got.getFirst().jsonPayload()).isEqualTo("{\"stuck\":true}");
        assertThat(got.getFirst().topic()).isEqualTo("featbit-usage");
        await(() -> count("select count(*) from queue_messages") == 0);
    }

    @Test
    void processingRowThatExhaustedItsDeliveriesIsParked() throws Exception {
        execute("""
                insert into queue_messages (topic, status, payload, deliver_count, not_visible_until)
                values ('featbit-usage', 'Processing', '{"crashes":"the consumer"}', %d, now() - interval '1 second')"""
                .formatted(PostgresMessageQueueConformanceTest.MAX_DELIVERIES));
        List<JobMessage> got = new CopyOnWriteArrayList<>();
        queue().jobConsumer().start(Topics.USAGE, got::addAll);
        await(() -> count("select count(*) from queue_messages where status = 'Failed' and error like '%deliveries%'") == 1);
        assertThat(got).isEmpty();
    }

    @Test
    void failingMessageIsParkedAsFailedWithItsError() throws Exception {
        execute("insert into queue_messages (topic, payload) values ('featbit-endusers', 'not json')");
        queue().jobConsumer().start(Topics.END_USERS, batch -> {
            throw new IllegalArgumentException("cannot parse end user");
        });
        await(() -> count("select count(*) from queue_messages where status = 'Failed'") == 1);
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select deliver_count, error, last_handled_at is not null from queue_messages")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(PostgresMessageQueueConformanceTest.MAX_DELIVERIES);
            assertThat(rs.getString(2)).contains("IllegalArgumentException").contains("cannot parse end user");
            assertThat(rs.getBoolean(3)).isTrue();
        }
    }

    @Test
    void oldNotifiedAndFailedRowsAreCleanedUp() throws Exception {
        execute("insert into queue_messages (topic, status, payload, enqueued_at) values ('featbit-feature-flag-change', 'Notified', 'old', now() - interval '2 days')");
        execute("insert into queue_messages (topic, status, payload, enqueued_at) values ('featbit-feature-flag-change', 'Notified', 'recent', now() - interval '1 hour')");
        execute("insert into queue_messages (topic, status, payload, last_handled_at) values ('featbit-insights', 'Failed', 'old', now() - interval '30 days')");
        execute("insert into queue_messages (topic, status, payload, last_handled_at) values ('featbit-insights', 'Failed', 'recent', now() - interval '1 day')");
        MessageQueue q = queue();
        q.producer().publish(Topics.FEATURE_FLAG_CHANGE, "new");
        q.jobConsumer().start(Topics.INSIGHTS, batch -> { });
        await(() -> count("select count(*) from queue_messages where payload = 'old'") == 0);
        assertThat(count("select count(*) from queue_messages where payload = 'recent'")).isEqualTo(2);
    }

    @Test
    void realtimeTopicsCannotBeConsumedAsJobs() {
        JobConsumer consumer = queue().jobConsumer();
        assertThatThrownBy(() -> consumer.start(Topics.FEATURE_FLAG_CHANGE, b -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> row(long id) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("select * from queue_messages where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row " + id).isTrue();
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                return row;
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not reached within 60 s");
            }
            Thread.sleep(50);
        }
    }
}
