package io.toggleworks.api.experiments;

import io.toggleworks.api.db.Rows;
import io.toggleworks.core.json.Json;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.toggleworks.api.db.OnPostgres;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link ExperimentStore} on the {@code experiments} table; {@code iterations} is jsonb. */
@Repository
@OnPostgres
public class PostgresExperimentStore implements ExperimentStore {
    private static final TypeReference<List<ExperimentIteration>> ITERATIONS = new TypeReference<>() { };

    static final RowMapper<Experiment> MAPPER = (rs, i) -> {
        String iterations = rs.getString("iterations");
        double alpha = rs.getDouble("alpha");
        return new Experiment(Rows.uuid(rs, "id"), Rows.uuid(rs, "env_id"), Rows.uuid(rs, "metric_id"),
                Rows.uuid(rs, "feature_flag_id"), rs.getBoolean("is_archived"), rs.getString("status"),
                rs.getString("baseline_variation_id"),
                iterations == null ? List.of() : Json.read(iterations, ITERATIONS),
                rs.wasNull() || alpha == 0 ? Experiment.DEFAULT_ALPHA : alpha,
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    };

    private final JdbcClient jdbc;

    public PostgresExperimentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(Experiment e) {
        jdbc.sql("""
                insert into experiments (id, env_id, metric_id, feature_flag_id, is_archived, status,
                    baseline_variation_id, iterations, alpha, created_at, updated_at)
                values (:id, :env, :metric, :flag, :archived, :status, :baseline, cast(:iterations as jsonb), :alpha,
                    :createdAt, :updatedAt)""")
                .param("id", e.id()).param("env", e.envId()).param("metric", e.metricId())
                .param("flag", e.featureFlagId()).param("archived", e.isArchived()).param("status", e.status())
                .param("baseline", e.baselineVariationId()).param("iterations", Json.write(e.iterations()))
                .param("alpha", e.alpha()).param("createdAt", Rows.utc(e.createdAt()))
                .param("updatedAt", Rows.utc(e.updatedAt())).update();
    }

    @Override
    public boolean update(Experiment after, Experiment before) {
        return jdbc.sql("""
                update experiments set status = :status, is_archived = :archived,
                    iterations = cast(:iterations as jsonb), updated_at = :updatedAt
                where id = :id and updated_at = :before""")
                .param("status", after.status()).param("archived", after.isArchived())
                .param("iterations", Json.write(after.iterations())).param("updatedAt", Rows.utc(after.updatedAt()))
                .param("id", after.id()).param("before", Rows.utc(before.updatedAt())).update() == 1;
    }

    @Override
    public Optional<Experiment> find(UUID envId, UUID id) {
        return jdbc.sql("select * from experiments where id = :id and env_id = :env")
                .param("id", id).param("env", envId).query(MAPPER).optional();
    }

    @Override
    public Optional<Experiment> findLive(UUID envId, UUID flagId, UUID metricId) {
        return jdbc.sql("""
                select * from experiments where env_id = :env and feature_flag_id = :flag and metric_id = :metric
                and not is_archived order by created_at limit 1""")
                .param("env", envId).param("flag", flagId).param("metric", metricId).query(MAPPER).optional();
    }

    @Override
    public boolean metricInUse(UUID metricId) {
        return jdbc.sql("select exists(select 1 from experiments where metric_id = :m and not is_archived)")
                .param("m", metricId).query(Boolean.class).single();
    }

    @Override
    public List<Experiment> listLive(UUID envId, Optional<UUID> flagId) {
        return jdbc.sql("select * from experiments where env_id = :env and not is_archived"
                        + (flagId.isPresent() ? " and feature_flag_id = :flag" : "") + " order by created_at desc, id")
                .params(flagId.isPresent() ? Map.of("env", envId, "flag", flagId.get()) : Map.of("env", envId))
                .query(MAPPER).list();
    }

    @Override
    public List<StatusCount> statusCount(UUID envId) {
        return jdbc.sql("""
                select status, count(*) as n from experiments where env_id = :env and not is_archived
                group by status order by status""").param("env", envId)
                .query((rs, i) -> new StatusCount(rs.getString("status"), rs.getLong("n"))).list();
    }
}
