package io.toggleworks.infra.postgres.store;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Fallthrough;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.TargetUser;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.core.segment.MatchRule;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.StoreUnavailableException;
import tools.jackson.core.type.TypeReference;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Evaluation Server's reads over FeatBit's PostgreSQL schema (evaluation-server.md §7.2, "Postgres" column).
 * "Updated after T" compares {@code updated_at} truncated to milliseconds, as FeatBit does, so an SDK cursor taken
 * from a truncated timestamp never re-receives nor misses a row.
 */
public final class PostgresEvaluationStore implements EvaluationStore {
    private static final TypeReference<List<Variation>> VARIATIONS = new TypeReference<>() { };
    private static final TypeReference<List<TargetUser>> TARGET_USERS = new TypeReference<>() { };
    private static final TypeReference<List<TargetRule>> TARGET_RULES = new TypeReference<>() { };
    private static final TypeReference<List<MatchRule>> MATCH_RULES = new TypeReference<>() { };

    private static final String FLAG_COLUMNS = "id, env_id, revision, name, description, key, variation_type, variations::text, "
            + "target_users::text, rules::text, is_enabled, disabled_variation_id, fallthrough::text, expt_include_all_targets, "
            + "tags, is_archived, created_at, updated_at, creator_id, updator_id";
    private static final String SEGMENT_COLUMNS = "id, env_id, name, key, description, included, excluded, rules::text, tags, "
            + "is_archived, created_at, updated_at";
    private static final String SHARED_SEGMENT_COLUMNS = "s.id, s.env_id, s.name, s.key, s.description, s.included, s.excluded, "
            + "s.rules::text, s.tags, s.is_archived, s.created_at, s.updated_at";

    private final DataSource dataSource;
    private final AutoCloseable onClose;

    /** @param onClose releases the data source (e.g. a pool) when the store is closed */
    public PostgresEvaluationStore(DataSource dataSource, AutoCloseable onClose) {
        this.dataSource = dataSource;
        this.onClose = onClose;
    }

    @Override
    public List<FeatureFlag> flagsUpdatedAfter(UUID envId, long timestampMs) {
        return query("select " + FLAG_COLUMNS + " from feature_flags where env_id = ? and date_trunc('milliseconds', updated_at) > ?",
                ps -> {
                    ps.setObject(1, envId);
                    ps.setObject(2, at(timestampMs));
                }, PostgresEvaluationStore::flag);
    }

    @Override
    public List<FeatureFlag> flagsByIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return query("select " + FLAG_COLUMNS + " from feature_flags where id = any(?)", (c, ps) -> {
            Array array = c.createArrayOf("uuid", ids.toArray());
            ps.setArray(1, array);
        }, PostgresEvaluationStore::flag);
    }

    @Override
    public Optional<Segment> segment(UUID id) {
        return query("select " + SEGMENT_COLUMNS + " from segments where id = ?", ps -> ps.setObject(1, id), PostgresEvaluationStore::segment)
                .stream().findFirst();
    }

    @Override
    public List<Segment> segmentsUpdatedAfter(UUID envId, long timestampMs) {
        // Shared segments reach an environment when one of their scopes is a resource-name prefix of the
        // environment's RN (organization/{org}:project/{project}:env/{env}); the ':' suffix on both sides keeps
        // "env/prod" from matching "env/production".
        String sql = "with env as ("
                + " select e.id, o.workspace_id, 'organization/' || o.key || ':project/' || p.key || ':env/' || e.key as rn"
                + " from environments e join projects p on p.id = e.project_id join organizations o on o.id = p.organization_id"
                + " where e.id = ?)"
                + " select " + SHARED_SEGMENT_COLUMNS
                + " from segments s, env"
                + " where s.workspace_id = env.workspace_id and date_trunc('milliseconds', s.updated_at) > ?"
                + " and (s.env_id = env.id and coalesce(s.type, '') <> 'shared'"
                + "      or exists (select 1 from unnest(s.scopes) scope where starts_with(env.rn || ':', scope || ':')))";
        List<Segment> rows = query(sql, ps -> {
            ps.setObject(1, envId);
            ps.setObject(2, at(timestampMs));
        }, PostgresEvaluationStore::segment);
        return rows.stream().map(s -> s.withEnvId(envId)).toList();
    }

    @Override
    public Optional<SecretRecord> secret(String secret) {
        Optional<UUID> envId = EnvironmentSecret.envIdOf(secret);
        if (envId.isEmpty()) {
            return Optional.empty();
        }
        String sql = "select e.id, e.key, p.key, s ->> 'type' from environments e join projects p on p.id = e.project_id,"
                + " jsonb_array_elements(case when jsonb_typeof(e.secrets) = 'array' then e.secrets else '[]'::jsonb end) s"
                + " where e.id = ? and s ->> 'value' = ?";
        return query(sql, ps -> {
            ps.setObject(1, envId.get());
            ps.setString(2, secret);
        }, rs -> {
            Optional<SecretType> type = SecretType.fromWire(rs.getString(4));
            UUID id = rs.getObject(1, UUID.class);
            String envKey = rs.getString(2);
            String projectKey = rs.getString(3);
            return type.map(t -> new SecretRecord(secret, t, id, envKey, projectKey));
        }).stream().flatMap(Optional::stream).findFirst();
    }

    @Override
    public boolean isAvailable() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("select 1")) {
            ps.setQueryTimeout(5);
            ps.execute();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            onClose.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the store's data source failed", e);
        }
    }

    private static OffsetDateTime at(long timestampMs) {
        return Instant.ofEpochMilli(timestampMs).atOffset(ZoneOffset.UTC);
    }

    private static FeatureFlag flag(ResultSet rs) throws SQLException {
        return new FeatureFlag(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                json(rs.getString(8), VARIATIONS),
                json(rs.getString(9), TARGET_USERS),
                json(rs.getString(10), TARGET_RULES),
                rs.getBoolean(11),
                rs.getString(12),
                rs.getString(13) == null ? null : Json.read(rs.getString(13), Fallthrough.class),
                rs.getBoolean(14),
                strings(rs.getArray(15)),
                rs.getBoolean(16),
                instant(rs, 17),
                instant(rs, 18),
                rs.getObject(19, UUID.class),
                rs.getObject(20, UUID.class));
    }

    private static Segment segment(ResultSet rs) throws SQLException {
        return new Segment(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                strings(rs.getArray(6)),
                strings(rs.getArray(7)),
                json(rs.getString(8), MATCH_RULES),
                strings(rs.getArray(9)),
                rs.getBoolean(10),
                instant(rs, 11),
                instant(rs, 12));
    }

    private static <T> List<T> json(String text, TypeReference<List<T>> type) {
        return text == null ? List.of() : Json.read(text, type);
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(v -> v == null ? "" : v.toString()).toList();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionBinder {
        void bind(Connection c, PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        return query(sql, (c, ps) -> binder.bind(ps), mapper);
    }

    private <T> List<T> query(String sql, ConnectionBinder binder, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("PostgreSQL evaluation store query failed: " + e.getMessage(), e);
        }
    }
}
