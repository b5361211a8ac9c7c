package io.toggleworks.api.jobs;

import io.toggleworks.api.testing.Eventually;
import io.toggleworks.api.testing.ApiClient;
import io.toggleworks.api.testing.ApiTestBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Job messages the ELS publishes are consumed into end users, their properties and events (api.md §7). */
class JobMessageTest extends ApiTestBase {

    private static void publish(String topic, String payload) {
        db().sql("insert into queue_messages (topic, status, payload) values (:t, 'Pending', :p)")
                .param("t", topic).param("p", payload).update();
    }

    private static long count(String sql, Object param) {
        return db().sql(sql).param("p", param).query(Long.class).single();
    }

    @Test
    void consumesEndUserMessagesIntoUsersAndNewProperties() {
        ApiClient org = newOrganization();
        UUID envId = envId(newProject(org), "dev");
        publish("featbit-endusers", "{\"envId\":\"" + envId + "\",\"keyId\":\"u-123\",\"name\":\"Alice\","
                + "\"customizedProperties\":[{\"name\":\"country\",\"value\":\"FR\"}]}");
        publish("featbit-endusers", "{\"envId\":\"" + envId + "\",\"keyId\":\"u-123\",\"name\":\"Alice B\","
                + "\"customizedProperties\":[{\"name\":\"country\",\"value\":\"FR\"},{\"name\":\"plan\",\"value\":\"pro\"}]}");
        publish("featbit-endusers", "{not json");
        await(() -> count("select count(*) from end_users where env_id = :p and name = 'Alice B'", envId) == 1);
        await(() -> count("select count(*) from end_user_properties where env_id = :p and name in ('country','plan')", envId) == 2);
        assertThat(count("select count(*) from end_users where env_id = :p", envId)).isEqualTo(1);
        // The malformed message is handled (gone), never parked or retried.
        await(() -> count("select count(*) from queue_messages where topic = 'featbit-endusers' and payload = :p", "{not json") == 0);
    }

    @Test
    void consumesInsightsIntoEventsWithoutDuplicatesWhenABatchIsDeliveredAgain() {
        UUID eventId = UUID.randomUUID();
        String payload = "{\"uuid\":\"" + eventId + "\",\"distinct_id\":\"env-flag\",\"env_id\":\"env\",\"event\":\"FlagValue\","
                + "\"properties\":\"{\\\"tag_0\\\":\\\"u1\\\"}\",\"timestamp\":1718000000123456}";
        publish("featbit-insights", payload);
        await(() -> count("select count(*) from events where id = :p", eventId) == 1);
        assertThat(db().sql("select properties->>'tag_0' from events where id = :p").param("p", eventId)
                .query(String.class).single()).isEqualTo("u1");
        assertThat(db().sql("select to_char(timestamp, 'YYYY-MM-DD HH24:MI:SS.MS') from events where id = :p").param("p", eventId)
                .query(String.class).single()).isEqualTo("2024-06-10 06:13:20.123");

        // A crash after the events were written but before the batch was acknowledged: the row is left Processing
        // with an expired visibility timeout, so the queue delivers it again.
        db().sql("""
                insert into queue_messages (topic, status, payload, not_visible_until, deliver_count, last_deliver_at)
                values ('featbit-insights', 'Processing', :p, now() - interval '1 minute', 1, now() - interval '2 minutes')""")
                .param("p", payload).update();
        await(() -> count("select count(*) from queue_messages where payload = :p", payload) == 0);
        assertThat(count("select count(*) from events where id = :p", eventId)).isEqualTo(1);

        publish("featbit-insights", "{\"uuid\":\"not-a-uuid\"}");
        await(() -> count("select count(*) from queue_messages where topic = 'featbit-insights' and payload = :p",
                "{\"uuid\":\"not-a-uuid\"}") == 0);
    }

    /** Waits for the consumer; what is asserted is the outcome, never the time taken. */
    private static void await(BooleanSupplier condition) {
        Eventually.await(condition, Duration.ofSeconds(90), Duration.ofMillis(200), "condition not met in time");
    }
}
