package io.toggleworks.infra.clickhouse.analytics;

import io.toggleworks.infra.clickhouse.ClickHouseHttp;
import io.toggleworks.infra.clickhouse.Sql;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The {@code events} table, in the dialect shared by ClickHouse 18.16 (Debian) and current releases (ADR 0080).
 * FeatBit's columns, except where 18.16 cannot have them:
 * <ul>
 *   <li>{@code timestamp} is {@code DateTime('UTC')} (seconds; no {@code DateTime64} in 18.16) and the exact
 *       microseconds are in {@code timestamp_us}; windows filter on {@code timestamp_us}, buckets and partitions use
 *       {@code timestamp}.</li>
 *   <li>{@code tag_0..tag_19} are {@code DEFAULT visitParamExtractString(properties, 'tag_N')} instead of
 *       {@code MATERIALIZED JSONExtractString(...)} (no {@code JSONExtract*} in 18.16). Our writer sends the tags it
 *       parsed itself (top-level keys only, any JSON type, as PostgreSQL's {@code ->>}); other writers, such as an
 *       {@code INSERT ... SELECT} from a Kafka-engine view, get the default.</li>
 *   <li>{@code ReplacingMergeTree} keyed so that a redelivered event (same id, same content) collapses on merge, and
 *       queries read {@code FINAL}, so duplicates never count before the merge either.</li>
 * </ul>
 */
public final class EventsSchema {
    public static final int TAGS = 20;
    public static final String TABLE = "events";

    private EventsSchema() {
    }

    public static String qualifiedTable(String database) {
        return "`" + database + "`." + TABLE;
    }

    public static String createDatabase(String database) {
        return "CREATE DATABASE IF NOT EXISTS `" + database + "`";
    }

    public static String createTable(String database) {
        String tags = IntStream.range(0, TAGS)
                .mapToObj(i -> "    tag_" + i + " String DEFAULT visitParamExtractString(properties, 'tag_" + i + "')")
                .collect(Collectors.joining(",\n"));
        return "CREATE TABLE IF NOT EXISTS " + qualifiedTable(database) + " (\n"
                + "    uuid UUID,\n"
                + "    distinct_id String,\n"
                + "    env_id String,\n"
                + "    event String,\n"
                + "    properties String,\n"
                + "    timestamp DateTime('UTC'),\n"
                + "    timestamp_us Int64,\n"
                + tags + "\n"
                + ") ENGINE = ReplacingMergeTree()\n"
                + "PARTITION BY toYYYYMM(timestamp)\n"
                + "ORDER BY (env_id, event, distinct_id, timestamp, uuid)";
    }

    /** Creates database and table if missing; refuses a table of another shape (e.g. FeatBit's own). */
    public static void ensure(ClickHouseHttp http, String database) {
        http.execute(createDatabase(database));
        http.execute(createTable(database));
        Set<String> columns = Set.of(http.query("SELECT name FROM system.columns WHERE database = "
                + Sql.string(database) + " AND table = " + Sql.string(TABLE) + " FORMAT TSV").split("\n"));
        if (!columns.contains("timestamp_us") || !columns.contains("tag_3")) {
            throw new IllegalStateException("ClickHouse table " + database + "." + TABLE + " exists but was not created"
                    + " by Toggleworks (no timestamp_us column; FeatBit's DAS makes it with DateTime64). Point"
                    + " CLICKHOUSE_DATABASE at a new database, or see docs/adr/0080 for moving the data.");
        }
    }
}
