package io.toggleworks.infra.clickhouse.analytics;

import io.toggleworks.infra.clickhouse.ClickHouseException;
import io.toggleworks.infra.clickhouse.ClickHouseHttp;
import io.toggleworks.infra.clickhouse.ClickHouseSettings;
import io.toggleworks.infra.clickhouse.Sql;
import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.ArmData;
import io.toggleworks.spi.analytics.BucketCount;
import io.toggleworks.spi.analytics.ExperimentQuery;
import io.toggleworks.spi.analytics.FlagEndUser;
import io.toggleworks.spi.analytics.FlagEndUsersPage;
import io.toggleworks.spi.analytics.FlagEndUsersQuery;
import io.toggleworks.spi.analytics.FlagInsightsQuery;
import io.toggleworks.spi.analytics.IntervalType;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The analytics store on ClickHouse (spec §5.4, §5.5.3), in SQL that runs on 18.16 and on current releases
 * (ADR 0080). Appends are idempotent by event id: rows go to a {@code ReplacingMergeTree} and every query that
 * counts rows reads {@code FINAL}, so a batch written twice (a retried request, a redelivered queue message) counts
 * once, before and after the background merge removes the copy.
 */
public final class ClickHouseAnalyticsStore implements AnalyticsStore {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseAnalyticsStore.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /**
     * A metric value counts only when tag_1 is a decimal number (as in the PostgreSQL store); ClickHouse's
     * {@code toFloat64OrZero} refuses surrounding blanks and a leading '+', so those are cut first.
     */
    private static final String NUMERIC_TAG_1 =
            "match(tag_1, '^\\\\s*[-+]?([0-9]+\\\\.?[0-9]*|\\\\.[0-9]+)([eE][-+]?[0-9]+)?\\\\s*$')";
    private static final String TAG_1_AS_NUMBER =
            "toFloat64OrZero(replaceRegexpAll(tag_1, '^\\\\s*\\\\+?|\\\\s+$', ''))";
    /** Code-point order is UTF-8 byte order: what ClickHouse's ORDER BY and PostgreSQL's COLLATE "C" give. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    static final int MAX_MONTHS_PER_INSERT = 90;
    private static final int UNKNOWN_TABLE = 60;
    private static final int UNKNOWN_DATABASE = 81;

    private final ClickHouseHttp http;
    private final String database;
    private final String table;
    /** Brokers for the optional Kafka-engine ingestion; empty when the API writes the events (the default). */
    private final Optional<String> kafkaBrokers;
    private volatile boolean schemaReady;

    public ClickHouseAnalyticsStore(ClickHouseSettings settings) {
        this(settings, Optional.empty());
    }

    public ClickHouseAnalyticsStore(ClickHouseSettings settings, Optional<String> kafkaBrokers) {
        this.kafkaBrokers = kafkaBrokers;
        this.http = new ClickHouseHttp(settings);
        this.database = settings.database();
        this.table = EventsSchema.qualifiedTable(database);
        try {
            ensureSchema();
        } catch (StoreUnavailableException e) {
            // A service may start before ClickHouse; the schema is made on first use.
            LOG.warn("ClickHouse is not reachable yet ({}); the events table is created on first use", e.getMessage());
        }
    }

    private void ensureSchema() {
        if (!schemaReady) {
            synchronized (this) {
                if (!schemaReady) {
                    EventsSchema.ensure(http, database);
                    kafkaBrokers.ifPresent(brokers -> KafkaEngineIngestion.install(http, database, brokers));
                    schemaReady = true;
                }
            }
        }
    }

    @Override
    public void append(List<AnalyticsEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<byte[]> bodies = new ArrayList<>();
        for (List<AnalyticsEvent> chunk : chunks(events, http.settings().insertBatchRows())) {
            bodies.add(EventRows.encode(chunk));
        }
        withSchema(() -> {
            for (byte[] body : bodies) {
                if (body.length > 0) {
                    http.insertJsonEachRow(table, body);
                }
            }
            return null;
        });
    }

    /**
     * Splits an append into INSERTs of at most {@code maxRows} rows and {@value #MAX_MONTHS_PER_INSERT} months
     * (partitions): current releases refuse an INSERT touching more than 100 partitions
     * ({@code max_partitions_per_insert_block}, a setting 18.16 does not know), and such a batch would fail on every
     * redelivery. Sorted by time, so a chunk's months are consecutive.
     */
    static List<List<AnalyticsEvent>> chunks(List<AnalyticsEvent> events, int maxRows) {
        List<AnalyticsEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(AnalyticsEvent::timestampMicros));
        List<List<AnalyticsEvent>> chunks = new ArrayList<>();
        List<AnalyticsEvent> current = new ArrayList<>();
        long lastMonth = Long.MIN_VALUE;
        int months = 0;
        for (AnalyticsEvent e : sorted) {
            long month = month(e.timestampMicros());
            boolean newMonth = month != lastMonth;
            if (current.size() == maxRows || (newMonth && months == MAX_MONTHS_PER_INSERT)) {
                chunks.add(current);
                current = new ArrayList<>();
                months = 0;
                newMonth = true;
            }
            if (newMonth) {
                months++;
                lastMonth = month;
            }
            current.add(e);
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** The partition (UTC year and month of the stored DateTime) of an event. */
    private static long month(long micros) {
        java.time.LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(EventRows.dateTimeSeconds(micros), 86_400L));
        return d.getYear() * 12L + d.getMonthValue();
    }

    /**
     * Runs {@code work} once the schema exists; if the table or database has vanished since (dropped by an operator),
     * makes it again and runs {@code work} once more (every operation here is safe to repeat).
     */
    private <T> T withSchema(java.util.function.Supplier<T> work) {
        ensureSchema();
        try {
            return work.get();
        } catch (ClickHouseException e) {
            if (e.code() != UNKNOWN_TABLE && e.code() != UNKNOWN_DATABASE) {
                throw e;
            }
            LOG.warn("ClickHouse table {} is gone ({}); creating it again", table, e.getMessage());
            schemaReady = false;
            ensureSchema();
            return work.get();
        }
    }

    @Override
    public List<BucketCount> flagInsights(FlagInsightsQuery q) {
        Bucketing bucketing = Bucketing.of(q);
        String sql = "SELECT variation, bucket, count() AS n FROM (SELECT tag_1 AS variation, "
                + bucketing.expression() + " AS bucket FROM " + table + " FINAL WHERE "
                + window(q.envId(), q.start(), q.end()) + " AND event = 'FlagValue' AND distinct_id = "
                + Sql.string(q.flagExptId()) + ") GROUP BY variation, bucket FORMAT JSONEachRow";
        // Merge, since the Java roll-up can map several minutes to one bucket.
        Map<BucketCount, Long> merged = new HashMap<>();
        for (JsonNode row : rows(sql)) {
            BucketCount key = new BucketCount(bucketing.instant(row.get("bucket")), row.get("variation").stringValue(), 0);
            merged.merge(key, integer(row.get("n")), Long::sum);
        }
        List<BucketCount> counts = new ArrayList<>(merged.size());
        merged.forEach((k, n) -> counts.add(new BucketCount(k.bucketStart(), k.variationId(), n)));
        counts.sort(Comparator.comparing(BucketCount::bucketStart)
                .thenComparing(BucketCount::variationId, CODE_POINT_ORDER));
        return counts;
    }

    @Override
    public FlagEndUsersPage flagEndUsers(FlagEndUsersQuery q) {
        StringBuilder where = new StringBuilder(window(q.envId(), q.start(), q.end()))
                .append(" AND event = 'FlagValue' AND distinct_id = ").append(Sql.string(q.flagExptId()));
        q.variationId().ifPresent(v -> where.append(" AND tag_1 = ").append(Sql.string(v)));
        q.query().ifPresent(text -> {
            // A literal, case-insensitive substring: position() has no wildcards to escape (18.16 has no ILIKE).
            String needle = Sql.string(text);
            where.append(" AND (positionCaseInsensitiveUTF8(tag_0, ").append(needle)
                    .append(") > 0 OR positionCaseInsensitiveUTF8(tag_3, ").append(needle).append(") > 0)");
        });
        long total = integer(rows("SELECT uniqExact(tag_1, tag_0) AS total FROM " + table + " WHERE " + where
                + " FORMAT JSONEachRow").getFirst().get("total"));
        long offset = (long) q.pageIndex() * q.pageSize();
        List<FlagEndUser> items = new ArrayList<>();
        if (offset < total) {
            String sql = "SELECT tag_1 AS variation, tag_0 AS key_id, argMax(tag_3, timestamp_us) AS name,"
                    + " max(timestamp_us) AS last FROM " + table + " WHERE " + where
                    + " GROUP BY variation, key_id ORDER BY last DESC, variation, key_id LIMIT " + offset + ", "
                    + q.pageSize() + " FORMAT JSONEachRow";
            for (JsonNode row : rows(sql)) {
                items.add(new FlagEndUser(row.get("variation").stringValue(), row.get("key_id").stringValue(),
                        row.get("name").stringValue(), instantOfMicros(integer(row.get("last")))));
            }
        }
        return new FlagEndUsersPage(total, items);
    }

    @Override
    public List<ArmData> experimentArms(ExperimentQuery q) {
        String exposures = "SELECT tag_0 AS user, tag_1 AS variation FROM " + table + " WHERE "
                + window(q.envId(), q.start(), q.end()) + " AND event = 'FlagValue' AND distinct_id = "
                + Sql.string(q.flagExptId()) + " AND tag_2 = 'true' GROUP BY user, variation";
        String metricRows = " FROM " + table + (q.numeric() ? " FINAL" : "") + " WHERE "
                + window(q.envId(), q.start(), q.end()) + " AND event = " + Sql.string(q.metricEventType())
                + " AND distinct_id = " + Sql.string(q.metricEventName())
                + (q.numeric() ? " AND " + NUMERIC_TAG_1 : "") + " GROUP BY user";
        List<ArmData> arms = new ArrayList<>();
        if (q.numeric()) {
            // Per user, the sum of the metric's values; only users with a metric event (inner join). Current
            // releases want an alias on every joined subquery; 18.16 accepts them.
            String sql = "SELECT variation, count() AS n, sum(value) AS s, avg(value) AS m, varSamp(value) AS v FROM ("
                    + exposures + ") AS exposures ALL INNER JOIN (SELECT tag_0 AS user, sum(" + TAG_1_AS_NUMBER
                    + ") AS value" + metricRows + ") AS metrics USING user GROUP BY variation FORMAT JSONEachRow";
            for (JsonNode row : rows(sql)) {
                long n = integer(row.get("n"));
                arms.add(new ArmData(row.get("variation").stringValue(), n, number(row.get("s")),
                        number(row.get("m")), n < 2 ? 0.0 : number(row.get("v"))));
            }
        } else {
            // Per exposed user, converted when it has any metric event (left join; unmatched gives 0).
            String sql = "SELECT variation, count() AS n, sum(converted) AS s FROM (" + exposures
                    + ") AS exposures ANY LEFT JOIN (SELECT tag_0 AS user, toUInt8(1) AS converted" + metricRows
                    + ") AS metrics USING user GROUP BY variation FORMAT JSONEachRow";
            for (JsonNode row : rows(sql)) {
                arms.add(new ArmData(row.get("variation").stringValue(), integer(row.get("n")),
                        integer(row.get("s")), 0.0, 0.0));
            }
        }
        arms.sort(Comparator.comparing(ArmData::variationId, CODE_POINT_ORDER));
        return arms;
    }

    @Override
    public boolean isAvailable() {
        return http.ping();
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * {@code start < timestamp < end} on the exact microseconds, plus the same window in whole seconds on the
     * {@code DateTime} column so that ClickHouse can skip partitions and index ranges.
     */
    private static String window(String envId, Instant start, Instant end) {
        long startMicros = micros(start);
        long endMicros = micros(end);
        return "env_id = " + Sql.string(envId)
                + " AND timestamp >= toDateTime(" + EventRows.dateTimeSeconds(startMicros) + ")"
                + " AND timestamp <= toDateTime(" + EventRows.dateTimeSeconds(endMicros) + ")"
                + " AND timestamp_us > " + startMicros + " AND timestamp_us < " + endMicros;
    }

    static boolean hasSubHourChange(ZoneId zone, Instant start, Instant end) {
        return Bucketing.hasSubHourChange(zone, start, end);
    }

    /** Microseconds since the epoch, saturating instead of overflowing for far-away instants. */
    static long micros(Instant t) {
        long limit = Long.MAX_VALUE / 1_000_000L - 1;
        long seconds = Math.max(-limit, Math.min(limit, t.getEpochSecond()));
        return seconds * 1_000_000L + t.getNano() / 1_000;
    }

    private static Instant instantOfMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /**
     * ClickHouse writes nan and inf as JSON null, and quotes 64-bit numbers unless told not to (we tell it, but a
     * server or proxy may override; current releases quote Int64/UInt64 by default too).
     */
    private static double number(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0.0;
        }
        double d = node.isString() ? Double.parseDouble(node.stringValue()) : node.doubleValue();
        return Double.isFinite(d) ? d : 0.0;
    }

    private static long integer(JsonNode node) {
        return node.isString() ? Long.parseLong(node.stringValue()) : node.longValue();
    }

    private List<JsonNode> rows(String sql) {
        String body = withSchema(() -> http.query(sql));
        List<JsonNode> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                rows.add(MAPPER.readTree(line));
            }
        }
        return rows;
    }

    /**
     * How a time bucket is computed in SQL and read back. Months, weeks and days come back as local dates and become
     * the instant their day starts in the zone (Java's rules, so a day starting in a DST gap starts when the gap
     * ends); hours and minutes come back as epoch seconds, exact across DST changes. Fixed offsets (which ClickHouse
     * does not take as zone names) shift the time and use UTC.
     */
    private record Bucketing(String expression, ZoneId zone, Kind kind, IntervalType interval) {
        enum Kind { LOCAL_DATE, EPOCH_SECONDS, UTC_MINUTE_ROLLUP }

        private static final Instant DATETIME_START = Instant.EPOCH;
        private static final Instant DATETIME_END = Instant.ofEpochSecond(EventRows.MAX_DATETIME_SECONDS);

        static Bucketing of(FlagInsightsQuery q) {
            ZoneId zone = q.timezone();
            if (hasSubHourChange(zone, q.start(), q.end())) {
                // ClickHouse 18.16 computes local time wrongly after a DST change of less than an hour (Lord Howe
                // Island's 30 minutes; current releases are right): count per UTC minute, bucket in Java.
                return new Bucketing("toInt64(toUnixTimestamp(toStartOfMinute(timestamp)))", zone,
                        Kind.UTC_MINUTE_ROLLUP, q.interval());
            }
            String tz;
            String t;
            long shift;
            if (zone.normalized() instanceof ZoneOffset offset) {
                tz = "'UTC'";
                shift = offset.getTotalSeconds();
                t = shift == 0 ? "timestamp" : "(timestamp + (" + shift + "))";
            } else {
                tz = Sql.string(zone.getId());
                shift = 0;
                t = "timestamp";
            }
            String back = shift == 0 ? "" : " - (" + shift + ")";
            return switch (q.interval()) {
                case MONTH -> new Bucketing("toString(toStartOfMonth(" + t + ", " + tz + "))", zone, Kind.LOCAL_DATE,
                        q.interval());
                case WEEK -> new Bucketing("toString(toMonday(" + t + ", " + tz + "))", zone, Kind.LOCAL_DATE,
                        q.interval());
                case DAY -> new Bucketing("toString(toDate(" + t + ", " + tz + "))", zone, Kind.LOCAL_DATE,
                        q.interval());
                case HOUR -> new Bucketing("toInt64(toUnixTimestamp(toStartOfHour(" + t + ", " + tz + ")))" + back,
                        zone, Kind.EPOCH_SECONDS, q.interval());
                case MINUTE -> new Bucketing("toInt64(toUnixTimestamp(toStartOfMinute(" + t + ", " + tz + ")))"
                        + back, zone, Kind.EPOCH_SECONDS, q.interval());
            };
        }

        /** Whether an offset change that is not whole hours is in effect anywhere in the window. */
        static boolean hasSubHourChange(ZoneId zone, Instant start, Instant end) {
            if (zone.normalized() instanceof ZoneOffset) {
                return false;
            }
            ZoneRules rules = zone.getRules();
            // ClickHouse's DateTime ends in 2106; later transitions cannot matter (and rules repeat forever).
            Instant limit = end.isBefore(DATETIME_END) ? end : DATETIME_END;
            Instant cursor = start.isAfter(DATETIME_START) ? start : DATETIME_START;
            ZoneOffsetTransition t = rules.previousTransition(cursor.plusNanos(1));
            if (t != null && t.getDuration().getSeconds() % 3600 != 0) {
                return true;
            }
            while ((t = rules.nextTransition(cursor)) != null && t.getInstant().isBefore(limit)) {
                if (t.getDuration().getSeconds() % 3600 != 0) {
                    return true;
                }
                cursor = t.getInstant();
            }
            return false;
        }

        Instant instant(JsonNode value) {
            return switch (kind) {
                case LOCAL_DATE -> LocalDate.parse(value.stringValue()).atStartOfDay(zone).toInstant();
                case EPOCH_SECONDS -> Instant.ofEpochSecond(integer(value));
                case UTC_MINUTE_ROLLUP -> rollUp(Instant.ofEpochSecond(integer(value)));
            };
        }

        /** The bucket of a UTC minute, by the same rules as the SQL paths (hours: back to the local hour's start). */
        private Instant rollUp(Instant minute) {
            ZonedDateTime local = minute.atZone(zone);
            return switch (interval) {
                case MINUTE -> minute;
                case HOUR -> minute.minusSeconds(local.getMinute() * 60L);
                case DAY -> local.toLocalDate().atStartOfDay(zone).toInstant();
                case WEEK -> local.toLocalDate().with(java.time.DayOfWeek.MONDAY).atStartOfDay(zone).toInstant();
                case MONTH -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
            };
        }
    }
}
