package io.toggleworks.api.experiments;

import io.toggleworks.api.db.Rows;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.core.json.Json;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.toggleworks.api.db.OnPostgres;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link ExperimentMetricStore} on the {@code experiment_metrics} table (and {@code users} for maintainers). */
@Repository
@OnPostgres
public class PostgresExperimentMetricStore implements ExperimentMetricStore {
    private static final TypeReference<List<ExperimentMetric.TargetUrl>> TARGET_URLS = new TypeReference<>() { };

    static final RowMapper<ExperimentMetric> MAPPER = (rs, i) -> {
        String urls = rs.getString("target_urls");
        return new ExperimentMetric(Rows.uuid(rs, "id"), Rows.uuid(rs, "env_id"), rs.getString("name"),
                rs.getString("description"), Rows.uuid(rs, "maintainer_user_id"), rs.getString("event_name"),
                rs.getInt("event_type"), rs.getInt("custom_event_track_option"), rs.getString("custom_event_unit"),
                rs.getInt("custom_event_success_criteria"), rs.getString("element_targets"),
                urls == null ? List.of() : Json.read(urls, TARGET_URLS), rs.getBoolean("is_arvhived"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    };

    private final JdbcClient jdbc;

    public PostgresExperimentMetricStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(ExperimentMetric m) {
        jdbc.sql("""
                insert into experiment_metrics (id, env_id, name, description, maintainer_user_id, event_name, event_type,
                    custom_event_track_option, custom_event_unit, custom_event_success_criteria, element_targets,
                    target_urls, is_arvhived, created_at, updated_at)
                values (:id, :env, :name, :description, :maintainer, :eventName, :eventType, :trackOption, :unit,
                    :criteria, :elementTargets, cast(:targetUrls as jsonb), :archived, :createdAt, :updatedAt)""")
                .params(params(m)).update();
    }

    @Override
    public void update(ExperimentMetric m) {
        jdbc.sql("""
                update experiment_metrics set name = :name, description = :description,
                    maintainer_user_id = :maintainer, event_name = :eventName, event_type = :eventType,
                    custom_event_track_option = :trackOption, custom_event_unit = :unit,
                    custom_event_success_criteria = :criteria, element_targets = :elementTargets,
                    target_urls = cast(:targetUrls as jsonb), is_arvhived = :archived, updated_at = :updatedAt
                where id = :id and env_id = :env""").params(params(m)).update();
    }

    private static Map<String, Object> params(ExperimentMetric m) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", m.id());
        p.put("env", m.envId());
        p.put("name", m.name());
        p.put("description", m.description());
        p.put("maintainer", m.maintainerUserId());
        p.put("eventName", m.eventName());
        p.put("eventType", m.eventType());
        p.put("trackOption", m.customEventTrackOption());
        p.put("unit", m.customEventUnit());
        p.put("criteria", m.customEventSuccessCriteria());
        p.put("elementTargets", m.elementTargets());
        p.put("targetUrls", Json.write(m.targetUrls()));
        p.put("archived", m.isArvhived());
        p.put("createdAt", Rows.utc(m.createdAt()));
        p.put("updatedAt", Rows.utc(m.updatedAt()));
        return p;
    }

    @Override
    public Optional<ExperimentMetric> find(UUID envId, UUID id) {
        return jdbc.sql("select * from experiment_metrics where id = :id and env_id = :env")
                .param("id", id).param("env", envId).query(MAPPER).optional();
    }

    @Override
    public PagedResult<ExperimentMetric> list(UUID envId, String name, Integer eventType, Paging paging) {
        StringBuilder where = new StringBuilder(" where env_id = :env and not is_arvhived");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("env", envId);
        if (name != null && !name.isBlank()) {
            where.append(" and name ilike :q");
            p.put("q", Rows.contains(name.trim()));
        }
        if (eventType != null) {
            where.append(" and event_type = :type");
            p.put("type", eventType);
        }
        long total = jdbc.sql("select count(*) from experiment_metrics" + where).params(p).query(Long.class).single();
        p.put("limit", paging.pageSize());
        p.put("offset", paging.offset());
        List<ExperimentMetric> items = jdbc.sql("select * from experiment_metrics" + where
                + " order by updated_at desc, id limit :limit offset :offset").params(p).query(MAPPER).list();
        return new PagedResult<>(total, items);
    }

    @Override
    public Map<UUID, ExperimentMetric> byIds(List<UUID> ids) {
        Map<UUID, ExperimentMetric> result = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select * from experiment_metrics where id = any(:ids)")
                    .param("ids", ids.stream().distinct().toArray(UUID[]::new)).query(MAPPER).list()
                    .forEach(m -> result.put(m.id(), m));
        }
        return result;
    }

    @Override
    public Optional<Maintainer> maintainer(UUID organizationId, UUID userId) {
        return jdbc.sql("""
                select u.id, u.name, u.email from users u
                join organization_users ou on ou.user_id = u.id and ou.organization_id = :org
                where u.id = :user""").param("org", organizationId).param("user", userId)
                .query((rs, i) -> new Maintainer(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("email")))
                .optional();
    }

    @Override
    public Map<UUID, Maintainer> maintainers(List<UUID> userIds) {
        Map<UUID, Maintainer> result = new LinkedHashMap<>();
        if (!userIds.isEmpty()) {
            jdbc.sql("select id, name, email from users where id = any(:ids)")
                    .param("ids", userIds.stream().distinct().toArray(UUID[]::new))
                    .query((rs, i) -> new Maintainer(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("email")))
                    .list().forEach(m -> result.put(m.id(), m));
        }
        return result;
    }
}
