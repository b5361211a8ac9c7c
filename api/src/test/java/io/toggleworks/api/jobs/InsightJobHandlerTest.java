package io.toggleworks.api.jobs;

import com.mongodb.client.model.Filters;
import io.toggleworks.api.testing.ApiTestBase;
import io.toggleworks.spi.mq.JobMessage;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Insight batches into {@code events}: idempotent by uuid, malformed or refused messages skipped without the rest.
 * With {@code DbProvider=MongoDb} the analytics store defaults to MongoDB's {@code Events} collection.
 */
@Tag("mongodb")
class InsightJobHandlerTest extends ApiTestBase {

    private static JobMessage message(UUID id, String env, String properties, long micros) {
        String payload = "{\"uuid\":" + (id == null ? "null" : "\"" + id + "\"") + ",\"distinct_id\":\"" + env + "-f\",\"env_id\":\"" + env
                + "\",\"event\":\"FlagValue\",\"properties\":" + properties + ",\"timestamp\":" + micros + "}";
        return new JobMessage(UUID.randomUUID().toString(), "featbit-insights", payload);
    }

    private static long stored(String env) {
        if (onMongo()) {
            try (var client = mongoClient()) {
                return client.getDatabase(mongoDatabaseName()).getCollection("Events").countDocuments(Filters.eq("env_id", env));
            }
        }
        return db().sql("select count(*) from events where env_id = :e").param("e", env).query(Long.class).single();
    }

    @Test
    void aBatchWithBadMessagesStoresTheGoodOnesOnceWithTheirMicroseconds() {
        InsightJobHandler handler = server.context().getBean(InsightJobHandler.class);
        String env = UUID.randomUUID().toString();
        UUID good = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String props = "\"{\\\"tag_0\\\":\\\"u1\\\",\\\"tag_1\\\":\\\"v\\\"}\"";
        long before = handler.malformedCount();

        List<JobMessage> batch = List.of(
                message(good, env, props, 1_718_000_000_123_456L),
                message(null, env, props, 1_718_000_000_000_000L),                         // no uuid: dropped
                message(UUID.randomUUID(), env, "\"{not json\"", 1_718_000_000_000_000L),  // properties not JSON: dropped
                message(UUID.randomUUID(), env, "\"{\\\"tag_0\\\":\\\"\\\\u0000\\\"}\"", 1_718_000_000_000_000L), // refused by jsonb
                message(good, env, props, 1_718_000_000_123_456L),                         // repeated in the batch
                message(other, env, props, 1_718_000_000_000_000L));
        handler.handle(batch);
        handler.handle(batch); // redelivered after a crash

        // MongoDB stores the NUL character that PostgreSQL's jsonb refuses.
        assertThat(stored(env)).isEqualTo(onMongo() ? 3 : 2);
        assertThat(handler.malformedCount() - before).isEqualTo(4);
        if (onMongo()) {
            // BSON dates hold milliseconds.
            try (var client = mongoClient()) {
                Document event = client.getDatabase(mongoDatabaseName()).getCollection("Events")
                        .find(Filters.eq("_id", good.toString())).first();
                assertThat(event).isNotNull();
                assertThat(event.get("timestamp")).isEqualTo(Date.from(Instant.parse("2024-06-10T06:13:20.123Z")));
            }
            return;
        }
        assertThat(db().sql("select timestamp from events where id = :id").param("id", good).query(LocalDateTime.class).single())
                .isEqualTo(LocalDateTime.parse("2024-06-10T06:13:20.123456"));
    }
}
