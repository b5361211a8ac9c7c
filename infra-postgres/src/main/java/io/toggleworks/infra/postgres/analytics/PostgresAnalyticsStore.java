package io.toggleworks.infra.postgres.analytics;

import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.ArmData;
import io.toggleworks.spi.analytics.BucketCount;
import io.toggleworks.spi.analytics.ExperimentQuery;
import io.toggleworks.spi.analytics.FlagEndUser;
import io.toggleworks.spi.analytics.FlagEndUsersPage;
import io.toggleworks.spi.analytics.FlagEndUsersQuery;
import io.toggleworks.spi.analytics.FlagInsightsQuery;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * FeatBit's {@code events} table as an {@link AnalyticsStore}. The {@code timestamp} column has no time zone and
 * holds UTC wall-clock time; every comparison binds UTC wall-clock text and every bucket is computed from
 * {@code timestamp at time zone 'UTC'}, so results do not depend on the session's {@code TimeZone} (FeatBit's DAS is
 * only correct when it is UTC). Filters always lead with {@code (distinct_id, event, env_id, timestamp)}, the
 * columns of FeatBit's {@code idx_events_combined}. Where migration V101 added the generated {@code tag_N} columns and
 * their covering index, queries read those columns instead of the JSONB, so PostgreSQL answers from the index alone.
 * Where migration V102 added the per-hour counts {@code flag_insight_hourly}, flag insights read them for the whole
 * hours of the window ({@link InsightRollups}, ADR 0082). Where migration V103 added the latest evaluation per
 * flag and user {@code flag_end_user_last}, end users of windows reaching past the flag's newest event read it
 * ({@link EndUserSummary}, ADR 0083).
 */
public final class PostgresAnalyticsStore implements AnalyticsStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresAnalyticsStore.class);
    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    /** One round trip per batch; a redelivered event (same id) is skipped by the primary key. */
    private static final String INSERT_BATCH = """
            insert into events (id, distinct_id, env_id, event, properties, timestamp)
            select id, distinct_id, env_id, event, cast(properties as jsonb), timestamp
            from unnest(cast(? as uuid[]), cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]),
                        cast(? as timestamp[])) as t(id, distinct_id, env_id, event, properties, timestamp)
            on conflict (id) do nothing""";
    private static final String INSERT_ONE = """
            insert into events (id, distinct_id, env_id, event, properties, timestamp)
            values (?, ?, ?, ?, cast(? as jsonb), cast(? as timestamp)) on conflict (id) do nothing""";
    /** FeatBit's DAS creates this at its start (§4.1); V1 of the API's migrations creates the same. */
    private static final String SCHEMA = """
            create table if not exists events
            (
                id          uuid      not null primary key,
                distinct_id varchar   not null,
                env_id      varchar,
                event       varchar,
                properties  jsonb,
                timestamp   timestamp not null
            );
            create index if not exists idx_events_combined on events (distinct_id, event, env_id, timestamp)""";

    private static final String FLAG_FILTER = """
            distinct_id = ? and event = 'FlagValue' and env_id = ?
            and timestamp > cast(? as timestamp) and timestamp < cast(? as timestamp)""";

    private static final java.util.regex.Pattern JSON_TAG = java.util.regex.Pattern.compile("properties ->> 'tag_(\\d)'");

    private final DataSource dataSource;
    private final AutoCloseable closeable;
    private volatile boolean schemaReady;
    /** Whether {@code events} has the generated {@code tag_N} columns of migration V101 (a FeatBit database may not). */
    private volatile boolean tagColumns;
    /** Whether migration V102's {@code flag_insight_hourly} exists and its insert trigger on {@code events} is enabled. */
    private volatile boolean rollups;
    /** Whether migration V103's {@code flag_end_user_last} exists and its insert trigger on {@code events} is enabled. */
    private volatile boolean endUserSummary;

    public PostgresAnalyticsStore(DataSource dataSource, AutoCloseable closeable) {
        this.dataSource = dataSource;
        this.closeable = closeable;
    }

    // ---- writes -------------------------------------------------------------------------------------------------

    @Override
    public void append(List<AnalyticsEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // A batch may repeat an event (redelivery merged into a new batch): keep the first of each id.
        Map<UUID, AnalyticsEvent> unique = new LinkedHashMap<>();
        events.forEach(e -> unique.putIfAbsent(e.id(), e));
        List<AnalyticsEvent> batch = List.copyOf(unique.values());
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                insertBatch(c, batch);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (isConnectionProblem(e)) {
                    throw e;
                }
                // Some event is refused (properties not JSON, a NUL character, ...): store the others one by one.
                log.debug("batch of {} events refused ({}); inserting one by one", batch.size(), e.getMessage());
                insertOneByOne(c, batch);
                c.commit();
            }
        } catch (SQLException e) {
            throw failure("append", e);
        }
    }

    private static void insertBatch(Connection c, List<AnalyticsEvent> batch) throws SQLException {
        int n = batch.size();
        String[] ids = new String[n];
        String[] distinctIds = new String[n];
        String[] envIds = new String[n];
        String[] names = new String[n];
        String[] props = new String[n];
        String[] times = new String[n];
        for (int i = 0; i < n; i++) {
            AnalyticsEvent e = batch.get(i);
            ids[i] = e.id().toString();
            distinctIds[i] = e.distinctId();
            envIds[i] = e.envId();
            names[i] = e.event();
            props[i] = e.propertiesJson();
            times[i] = wallClock(e.timestampMicros());
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_BATCH)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("text", distinctIds));
            ps.setArray(3, c.createArrayOf("text", envIds));
            ps.setArray(4, c.createArrayOf("text", names));
            ps.setArray(5, c.createArrayOf("text", props));
            ps.setArray(6, c.createArrayOf("text", times));
            ps.executeUpdate();
        }
    }

    private static void insertOneByOne(Connection c, List<AnalyticsEvent> batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_ONE)) {
            for (AnalyticsEvent e : batch) {
                Savepoint sp = c.setSavepoint();
                try {
                    ps.setObject(1, e.id());
                    ps.setString(2, e.distinctId());
                    ps.setString(3, e.envId());
                    ps.setString(4, e.event());
                    ps.setString(5, e.propertiesJson());
                    ps.setString(6, wallClock(e.timestampMicros()));
                    ps.executeUpdate();
                    c.releaseSavepoint(sp);
                } catch (SQLException ex) {
                    if (isConnectionProblem(ex)) {
                        throw ex;
                    }
                    c.rollback(sp);
                    log.warn("Rejected insight event {} (event {}, distinct_id {}): {}", e.id(), e.event(),
                            abbreviate(e.distinctId()), ex.getMessage());
                }
            }
        }
    }

    // ---- queries ------------------------------------------------------------------------------------------------

    @Override
    public List<BucketCount> flagInsights(FlagInsightsQuery q) {
        try (Connection c = connection()) {
            if (rollups) {
                Optional<List<BucketCount>> fromRollups = InsightRollups.flagInsights(c, q, tagColumns);
                if (fromRollups.isPresent()) {
                    return fromRollups.get();
                }
            }
            return rawFlagInsights(c, q);
        } catch (SQLException e) {
            throw failure("flag insights", e);
        }
    }

    /** The series from the events alone: the reference the rollup path must equal. Also used by the tests. */
    List<BucketCount> rawFlagInsights(Connection c, FlagInsightsQuery q) throws SQLException {
        // "offset 0" keeps the inner query apart, so the planner does not take the bucket's estimate from the
        // (nearly unique) timestamp column: it hashes the few (bucket, variation) groups instead of sorting every
        // matching row (a flag with 2.5 million evaluations in 30 days: 4.8 s -> 2.3 s, ADR 0073).
        String sql = """
                select bucket, variation, count(*) from (
                    select extract(epoch from date_trunc(?, timestamp at time zone 'UTC', ?)) as bucket,
                           coalesce(properties ->> 'tag_1', '') as variation
                    from events where %s
                    offset 0) s
                group by bucket, variation order by bucket, variation collate "C"
                """.formatted(FLAG_FILTER);
        List<BucketCount> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(tags(sql))) {
            ps.setString(1, q.interval().name().toLowerCase(Locale.ROOT));
            ps.setString(2, postgresZone(q.timezone()));
            ps.setString(3, q.flagExptId());
            ps.setString(4, q.envId());
            ps.setString(5, wallClock(q.start()));
            ps.setString(6, wallClock(q.end()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new BucketCount(Instant.ofEpochSecond(rs.getBigDecimal(1).longValue()), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return result;
    }

    /**
     * The zone as PostgreSQL reads it. A fixed offset such as {@code +05:30} is read with the POSIX sign convention
     * (positive = west of Greenwich), i.e. as UTC-05:30, so it is passed with its sign inverted; named zones as is.
     */
    static String postgresZone(ZoneId zone) {
        if (!zone.getRules().isFixedOffset()) {
            return zone.getId();
        }
        int seconds = zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds();
        return seconds == 0 ? "UTC" : ZoneOffset.ofTotalSeconds(-seconds).getId();
    }

    @Override
    public FlagEndUsersPage flagEndUsers(FlagEndUsersQuery q) {
        try (Connection c = connection()) {
            if (endUserSummary) {
                Optional<FlagEndUsersPage> fromSummary = EndUserSummary.flagEndUsers(c, q);
                if (fromSummary.isPresent()) {
                    return fromSummary.get();
                }
            }
            return rawFlagEndUsers(c, q);
        } catch (SQLException e) {
            throw failure("flag end users", e);
        }
    }

    /**
     * The page from the events alone: the reference the summary path must equal. Also used by the tests. The name of
     * a user is that of its latest matching evaluation; several at that very microsecond give the smallest name in
     * "C" order (a missing name counting as ''), so the answer does not depend on the plan.
     */
    FlagEndUsersPage rawFlagEndUsers(Connection c, FlagEndUsersQuery q) throws SQLException {
        StringBuilder where = new StringBuilder(FLAG_FILTER);
        List<String> params = new ArrayList<>(List.of(q.flagExptId(), q.envId(), wallClock(q.start()), wallClock(q.end())));
        q.variationId().ifPresent(v -> {
            where.append(" and properties ->> 'tag_1' = ?");
            params.add(v);
        });
        Optional<String> pattern = q.query().map(PostgresAnalyticsStore::containsPattern);
        String nameFilter = "";
        if (pattern.isPresent()) {
            where.append(" and (properties ->> 'tag_0' ilike ? escape '\\' or properties ->> 'tag_3' ilike ? escape '\\')");
            params.add(pattern.get());
            params.add(pattern.get());
            nameFilter = " and (e.properties ->> 'tag_0' ilike ? escape '\\' or e.properties ->> 'tag_3' ilike ? escape '\\')";
        }
        // One grouping of the window for both the total and the page ("g" is read twice, so computed once). The page
        // is chosen on (variation, user, last time) alone; only its rows then look up the name of their latest
        // evaluation by an index probe, instead of carrying every name through the grouping (37 s -> 7 s measured on
        // a flag with 2.5 million evaluations, ADR 0073).
        String sql = """
                with g as (
                    select properties ->> 'tag_1' as variation, properties ->> 'tag_0' as key_id, max(timestamp) as last
                    from events where %s
                    group by properties ->> 'tag_1', properties ->> 'tag_0'),
                p as (
                    select variation, key_id, last from g
                    order by last desc, variation collate "C", key_id collate "C"
                    limit ? offset ?)
                select t.total, p.variation, p.key_id, n.name, p.last
                from (select count(*) as total from g) t
                left join p on true
                left join lateral (
                    select min(coalesce(e.properties ->> 'tag_3', '') collate "C") as name from events e
                    where e.distinct_id = ? and e.event = 'FlagValue' and e.env_id = ? and e.timestamp = p.last
                      and e.properties ->> 'tag_0' is not distinct from p.key_id
                      and e.properties ->> 'tag_1' is not distinct from p.variation%s) n on true
                order by p.last desc, p.variation collate "C", p.key_id collate "C\"""".formatted(where, nameFilter);
        try (PreparedStatement ps = c.prepareStatement(tags(sql))) {
            bind(ps, params);
            bindPageAndNameProbe(ps, params.size(), q, pattern);
            long total = 0;
            List<FlagEndUser> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    total = rs.getLong(1);
                    endUserAt(rs, 2).ifPresent(items::add);
                }
            }
            return new FlagEndUsersPage(total, items);
        }
    }

    /**
     * Binds what follows the filters in both end-user queries (the events' and {@link EndUserSummary}'s): the page,
     * then the name probe's flag, environment and, with a text query, its pattern twice. {@code i} is the last
     * parameter index already bound.
     */
    static void bindPageAndNameProbe(PreparedStatement ps, int i, FlagEndUsersQuery q, Optional<String> pattern) throws SQLException {
        ps.setInt(++i, q.pageSize());
        ps.setLong(++i, (long) q.pageIndex() * q.pageSize());
        ps.setString(++i, q.flagExptId());
        ps.setString(++i, q.envId());
        if (pattern.isPresent()) {
            ps.setString(++i, pattern.get());
            ps.setString(++i, pattern.get());
        }
    }

    /**
     * The end user in columns {@code first} to {@code first + 3} (variation, user key, name, last time); empty for the
     * row both queries return alongside the total when the page is empty.
     */
    static Optional<FlagEndUser> endUserAt(ResultSet rs, int first) throws SQLException {
        LocalDateTime last = rs.getObject(first + 3, LocalDateTime.class);
        return last == null ? Optional.empty()
                : Optional.of(new FlagEndUser(nz(rs.getString(first)), nz(rs.getString(first + 1)), nz(rs.getString(first + 2)),
                        last.toInstant(ZoneOffset.UTC)));
    }

    /** An ILIKE pattern for "contains the text", taken literally: LIKE's wildcards and the escape character escaped. */
    static String containsPattern(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    @Override
    public List<ArmData> experimentArms(ExperimentQuery q) {
        String exposure = """
                exposure as (
                    select distinct properties ->> 'tag_0' as user_key, properties ->> 'tag_1' as variation
                    from events where %s and properties ->> 'tag_2' = 'true')""".formatted(FLAG_FILTER);
        String metricFilter = """
                distinct_id = ? and event = ? and env_id = ?
                and timestamp > cast(? as timestamp) and timestamp < cast(? as timestamp)""";
        String sql = q.numeric() ? """
                with %s,
                metric as (
                    select properties ->> 'tag_0' as user_key, sum(cast(properties ->> 'tag_1' as double precision)) as v
                    from events where %s
                      and properties ->> 'tag_1' ~ '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$'
                    group by 1)
                select e.variation, count(*), sum(m.v), avg(m.v), coalesce(var_samp(m.v), 0)
                from exposure e join metric m on m.user_key = e.user_key
                group by e.variation order by e.variation collate "C"
                """.formatted(exposure, metricFilter) : """
                with %s,
                metric as (select distinct properties ->> 'tag_0' as user_key from events where %s)
                select e.variation, count(*), count(m.user_key), 0, 0
                from exposure e left join metric m on m.user_key = e.user_key
                group by e.variation order by e.variation collate "C"
                """.formatted(exposure, metricFilter);
        String start = wallClock(q.start());
        String end = wallClock(q.end());
        List<ArmData> arms = new ArrayList<>();
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(tags(sql))) {
            bind(ps, List.of(q.flagExptId(), q.envId(), start, end,
                    q.metricEventName(), q.metricEventType(), q.envId(), start, end));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    arms.add(new ArmData(nz(rs.getString(1)), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)));
                }
            }
        } catch (SQLException e) {
            throw failure("experiment arms", e);
        }
        return arms;
    }

    @Override
    public boolean isAvailable() {
        try (Connection c = connection()) {
            return c.isValid(2);
        } catch (RuntimeException | SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("closing the analytics pool failed", e);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A connection, creating FeatBit's table on first use when a DAS runs before any API migrated the database. */
    private Connection connection() throws SQLException {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreUnavailableException("PostgreSQL analytics store unreachable: " + e.getMessage(), e);
        }
        if (!schemaReady) {
            try (Statement s = c.createStatement()) {
                boolean exists;
                try (ResultSet rs = s.executeQuery("select to_regclass('events') is not null")) {
                    rs.next();
                    exists = rs.getBoolean(1);
                }
                if (!exists) {
                    s.execute(SCHEMA);
                }
                try (ResultSet rs = s.executeQuery("""
                        select count(*) = 4 from pg_attribute where attrelid = to_regclass('events')
                        and attname in ('tag_0', 'tag_1', 'tag_2', 'tag_3') and not attisdropped""")) {
                    rs.next();
                    tagColumns = rs.getBoolean(1);
                }
                try (ResultSet rs = s.executeQuery(InsightRollups.PRESENT)) {
                    rs.next();
                    rollups = rs.getBoolean(1);
                }
                try (ResultSet rs = s.executeQuery(EndUserSummary.PRESENT)) {
                    rs.next();
                    endUserSummary = rs.getBoolean(1);
                }
                schemaReady = true;
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** The query reading the tag columns when they exist, the JSONB properties otherwise. */
    String tags(String sql) {
        return tags(sql, tagColumns);
    }

    static String tags(String sql, boolean tagColumns) {
        return tagColumns ? JSON_TAG.matcher(sql).replaceAll("tag_$1") : sql;
    }

    static void bind(PreparedStatement ps, List<String> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setString(i + 1, params.get(i));
        }
    }

    static String wallClock(long micros) {
        return wallClock(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L));
    }

    static String wallClock(Instant instant) {
        return WALL_CLOCK.format(instant);
    }

    private static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || (state != null && (state.startsWith("08") || state.startsWith("57P")));
    }

    private static RuntimeException failure(String what, SQLException e) {
        if (isConnectionProblem(e)) {
            return new StoreUnavailableException("PostgreSQL analytics store unavailable during " + what + ": " + e.getMessage(), e);
        }
        return new IllegalStateException("PostgreSQL analytics " + what + " failed: " + e.getMessage(), e);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
