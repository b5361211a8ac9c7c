package io.toggleworks.infra.clickhouse.analytics;

import io.toggleworks.infra.clickhouse.ClickHouseHttp;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Optional: ClickHouse consumes {@code featbit-insights} itself through a Kafka-engine table and a materialized view,
 * as FeatBit's Professional tier does (ADR 0081). Off by default: the API's insight job handler writes through
 * {@link ClickHouseAnalyticsStore#append} (ADR 0080). Never run both, or every event is written twice (harmless for
 * the counts, which dedupe by uuid, but wasted work).
 * <p>
 * Current releases only. On 18.16 a view cannot turn the message's integer-microsecond {@code timestamp} into both
 * {@code timestamp} (DateTime) and {@code timestamp_us}: an alias named like a source column replaces that column
 * everywhere in the query (even qualified), a view's insert fills no DEFAULT columns, and views on a view's target
 * table do not fire. 18.16 also lacks {@code kafka_skip_broken_messages}, so one bad message would stop the consumer.
 */
public final class KafkaEngineIngestion {
    /** FeatBit's settings for the queue table (spec §2.5). */
    static String kafkaEngine(String brokers) {
        return "ENGINE = Kafka SETTINGS kafka_broker_list = " + io.toggleworks.infra.clickhouse.Sql.string(brokers)
                + ", kafka_topic_list = 'featbit-insights', kafka_group_name = 'ch_group',"
                + " kafka_format = 'JSONEachRow', kafka_num_consumers = 1, kafka_skip_broken_messages = 100";
    }

    private KafkaEngineIngestion() {
    }

    /** Creates the queue table and the view if missing; refuses on 18.x with the reason. */
    public static void install(ClickHouseHttp http, String database, String brokers) {
        String version = http.query("SELECT version() FORMAT TSV").strip();
        if (majorVersion(version) < 19) {
            throw new UnsupportedOperationException("ClickHouse " + version + " cannot ingest featbit-insights"
                    + " through a Kafka-engine view that keeps microseconds (see ADR 0081); leave"
                    + " CLICKHOUSE_KAFKA_ENGINE unset and let the API's insight job handler write the events");
        }
        statements(database, kafkaEngine(brokers)).forEach(http::execute);
    }

    static int majorVersion(String version) {
        int dot = version.indexOf('.');
        return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    }

    /** The queue table (with {@code engine}) and the view into {@code events}. */
    static List<String> statements(String database, String engine) {
        String db = "`" + database + "`";
        String tags = IntStream.range(0, EventsSchema.TAGS)
                .mapToObj(i -> "JSONExtractString(properties, 'tag_" + i + "') AS tag_" + i)
                .collect(Collectors.joining(", "));
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + db + ".kafka_events_queue (uuid UUID, distinct_id String,"
                        + " env_id String, event String, properties String, timestamp UInt64) " + engine,
                // The qualified name reads the message's field, not the alias of the same name (current releases).
                "CREATE MATERIALIZED VIEW IF NOT EXISTS " + db + ".events_mv TO " + EventsSchema.qualifiedTable(database)
                        + " AS SELECT uuid, distinct_id, env_id, event, properties,"
                        + " toDateTime(intDiv(kafka_events_queue.timestamp, 1000000)) AS timestamp,"
                        + " toInt64(kafka_events_queue.timestamp) AS timestamp_us, " + tags
                        + " FROM " + db + ".kafka_events_queue");
    }
}
