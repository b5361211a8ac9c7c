package io.toggleworks.infra.clickhouse.analytics;

import io.toggleworks.infra.clickhouse.ClickHouseHttp;
import io.toggleworks.infra.clickhouse.ClickHouseSettings;
import io.toggleworks.infra.clickhouse.testing.ClickHouseTestServer;
import io.toggleworks.spi.analytics.FlagEndUser;
import io.toggleworks.spi.analytics.FlagEndUsersQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The optional Kafka-engine path: refused with its reason on 18.x; on current releases (run the tests against one,
 * see README) the view turns FeatBit's insight message into a row the store reads, microseconds included. The queue
 * table is a Null-engine stand-in with the same columns: rows inserted into it fire the view as consumed messages do.
 */
class KafkaEngineIngestionTest {
    private static ClickHouseTestServer.Database database;
    private static ClickHouseHttp http;

    @BeforeAll
    static void createDatabase() {
        database = ClickHouseTestServer.newDatabase();
        http = new ClickHouseHttp(ClickHouseSettings.from(database.config()));
        EventsSchema.ensure(http, database.name());
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
            http.close();
        }
    }

    @Test
    void insightMessagesBecomeEventsOnCurrentReleasesAndTheOldServerSaysWhyNot() {
        String version = http.query("SELECT version() FORMAT TSV").strip();
        if (KafkaEngineIngestion.majorVersion(version) < 19) {
            assertThatThrownBy(() -> KafkaEngineIngestion.install(http, database.name(), "127.0.0.1:9"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("ADR 0081").hasMessageContaining("CLICKHOUSE_KAFKA_ENGINE");
            return;
        }
        KafkaEngineIngestion.statements(database.name(), "ENGINE = Null").forEach(http::execute);
        String env = "0b6e5a36-7c53-4bb4-9a3f-1f0e3e6c5d10";
        // Exactly the JSON FeatBit's Evaluation Server produces (spec §2.2.4).
        String message = "{\"uuid\":\"6f9619ff-8b86-d011-b42d-00c04fc964ff\",\"distinct_id\":\"" + env + "-f\","
                + "\"env_id\":\"" + env + "\",\"event\":\"FlagValue\",\"properties\":\"{\\\"tag_0\\\":\\\"u1\\\","
                + "\\\"tag_1\\\":\\\"v1\\\",\\\"tag_2\\\":\\\"false\\\",\\\"tag_3\\\":\\\"Alice\\\"}\","
                + "\"timestamp\":1718000000123456}\n";
        http.insertJsonEachRow("`" + database.name() + "`.kafka_events_queue",
                message.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        try (ClickHouseAnalyticsStore store = new ClickHouseAnalyticsStore(ClickHouseSettings.from(database.config()))) {
            Instant at = Instant.parse("2024-06-10T06:13:20.123456Z");
            assertThat(store.flagEndUsers(new FlagEndUsersQuery(env, env + "-f", Optional.empty(), Optional.empty(),
                    at.minusSeconds(1), at.plusSeconds(1), 0, 10)).items())
                    .containsExactly(new FlagEndUser("v1", "u1", "Alice", at));
        }
    }
}
