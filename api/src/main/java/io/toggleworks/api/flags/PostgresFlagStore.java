package io.toggleworks.api.flags;

import io.toggleworks.api.db.Rows;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Fallthrough;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.TargetUser;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.toggleworks.api.db.OnPostgres;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link FlagStore} on the {@code feature_flags} table; jsonb columns hold exactly the camelCase JSON of core's flag records. */
@Repository
@OnPostgres
public class PostgresFlagStore implements FlagStore {
    private static final TypeReference<List<Variation>> VARIATIONS = new TypeReference<>() { };
    private static final TypeReference<List<TargetUser>> TARGET_USERS = new TypeReference<>() { };
    private static final TypeReference<List<TargetRule>> RULES = new TypeReference<>() { };

    private final JdbcClient jdbc;

    public PostgresFlagStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static final RowMapper<FeatureFlag> MAPPER = (rs, i) -> map(rs);

    static FeatureFlag map(ResultSet rs) throws SQLException {
        return new FeatureFlag(
                Rows.uuid(rs, "id"), Rows.uuid(rs, "env_id"), Rows.uuid(rs, "revision"),
                rs.getString("name"), Rows.string(rs, "description"), rs.getString("key"), rs.getString("variation_type"),
                json(rs, "variations", VARIATIONS, List.of()),
                json(rs, "target_users", TARGET_USERS, List.of()),
                json(rs, "rules", RULES, List.of()),
                rs.getBoolean("is_enabled"), rs.getString("disabled_variation_id"),
                json(rs, "fallthrough", new TypeReference<Fallthrough>() { }, new Fallthrough(null, true, List.of())),
                rs.getBoolean("expt_include_all_targets"),
                strings(rs.getArray("tags")),
                rs.getBoolean("is_archived"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
                Rows.uuid(rs, "creator_id"), Rows.uuid(rs, "updator_id"));
    }

    private static <T> T json(ResultSet rs, String column, TypeReference<T> type, T fallback) throws SQLException {
        String raw = rs.getString(column);
        if (raw == null) {
            return fallback;
        }
        T value = Json.read(raw, type);
        return value == null ? fallback : value;
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(String::valueOf).toList();
    }

    @Override
    public Optional<FeatureFlag> find(UUID envId, String key) {
        return jdbc.sql("select * from feature_flags where env_id = :env and key = :key")
                .param("env", envId).param("key", key).query(MAPPER).optional();
    }

    @Override
    public Optional<FeatureFlag> findById(UUID id) {
        return jdbc.sql("select * from feature_flags where id = :id").param("id", id).query(MAPPER).optional();
    }

    @Override
    public List<FeatureFlag> findByIds(UUID envId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from feature_flags where env_id = :env and id = any(:ids)")
                .param("env", envId).param("ids", ids.toArray(UUID[]::new)).query(MAPPER).list();
    }

    @Override
    public boolean keyUsed(UUID envId, String key) {
        return jdbc.sql("select exists(select 1 from feature_flags where env_id = :env and lower(key) = lower(:key))")
                .param("env", envId).param("key", key).query(Boolean.class).single();
    }

    @Override
    public PagedResult<FeatureFlag> list(UUID envId, Filter f, Paging paging) {
        StringBuilder where = new StringBuilder(" where env_id = :env and is_archived = :archived");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("env", envId);
        params.put("archived", f.isArchived());
        if (f.name() != null && !f.name().isBlank()) {
            where.append(" and (name ilike :q or key ilike :q)");
            params.put("q", Rows.contains(f.name().trim()));
        }
        if (f.tags() != null && !f.tags().isEmpty()) {
            where.append(" and tags @> cast(:tags as text[])");
            params.put("tags", f.tags().toArray(String[]::new));
        }
        if (f.isEnabled() != null) {
            where.append(" and is_enabled = :enabled");
            params.put("enabled", f.isEnabled());
        }
        String order = "key".equalsIgnoreCase(f.sortBy()) ? " order by key asc, id" : " order by created_at desc, id";
        long total = jdbc.sql("select count(*) from feature_flags" + where).params(params).query(Long.class).single();
        List<FeatureFlag> items = jdbc.sql("select * from feature_flags" + where + order + " limit :limit offset :offset")
                .params(params).param("limit", paging.pageSize()).param("offset", paging.offset())
                .query(MAPPER).list();
        return new PagedResult<>(total, items);
    }

    @Override
    public List<FeatureFlag> all(UUID envId, boolean archived) {
        return jdbc.sql("select * from feature_flags where env_id = :env and is_archived = :a order by created_at desc, id")
                .param("env", envId).param("a", archived).query(MAPPER).list();
    }

    @Override
    public List<String> allTags(UUID envId) {
        return jdbc.sql("""
                select distinct t from feature_flags, unnest(tags) t where env_id = :env and not is_archived order by t""")
                .param("env", envId).query(String.class).list();
    }

    @Override
    public void insert(FeatureFlag f) {
        jdbc.sql("""
                insert into feature_flags (id, env_id, revision, name, description, key, variation_type, variations,
                    target_users, rules, is_enabled, disabled_variation_id, fallthrough, expt_include_all_targets, tags,
                    is_archived, created_at, updated_at, creator_id, updator_id)
                values (:id, :env, :revision, :name, :description, :key, :type, cast(:variations as jsonb),
                    cast(:targetUsers as jsonb), cast(:rules as jsonb), :enabled, :disabled, cast(:fallthrough as jsonb),
                    :expt, :tags, :archived, :created, :updated, :creator, :updator)""")
                .params(params(f)).update();
    }

    @Override
    public boolean update(FeatureFlag f, UUID expectedRevision) {
        return jdbc.sql("""
                update feature_flags set revision = :revision, name = :name, description = :description, key = :key,
                    variation_type = :type, variations = cast(:variations as jsonb), target_users = cast(:targetUsers as jsonb),
                    rules = cast(:rules as jsonb), is_enabled = :enabled, disabled_variation_id = :disabled,
                    fallthrough = cast(:fallthrough as jsonb), expt_include_all_targets = :expt, tags = :tags,
                    is_archived = :archived, updated_at = :updated, updator_id = :updator
                where id = :id and revision = :expected""")
                .params(params(f)).param("expected", expectedRevision).update() == 1;
    }

    @Override
    public void delete(UUID id) {
        jdbc.sql("delete from feature_flags where id = :id").param("id", id).update();
    }

    @Override
    public List<FeatureFlag> referencingSegment(List<UUID> envIds, UUID segmentId) {
        if (envIds.isEmpty()) {
            return List.of();
        }
        List<FeatureFlag> candidates = jdbc.sql("""
                select * from feature_flags where env_id = any(:envs) and rules::text like :pattern order by env_id, created_at""")
                .param("envs", envIds.toArray(UUID[]::new))
                .param("pattern", "%" + segmentId + "%")
                .query(MAPPER).list();
        List<FeatureFlag> out = new ArrayList<>();
        for (FeatureFlag f : candidates) {
            if (Flags.referencesSegment(f, segmentId)) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public void touch(List<UUID> flagIds, Instant at, UUID updatorId) {
        if (flagIds.isEmpty()) {
            return;
        }
        jdbc.sql("update feature_flags set updated_at = :at, updator_id = :u where id = any(:ids)")
                .param("at", Rows.utc(at)).param("u", updatorId).param("ids", flagIds.toArray(UUID[]::new)).update();
    }

    @Override
    public void insertRevision(FeatureFlag f, String comment) {
        jdbc.sql("insert into flag_revisions (id, flag, comment) values (:id, cast(:flag as jsonb), :comment)")
                .param("id", UUID.randomUUID())
                .param("flag", Json.write(f))
                .param("comment", comment == null ? "" : comment.length() > 512 ? comment.substring(0, 512) : comment)
                .update();
    }

    @Override
    public List<Revision> revisions(UUID flagId) {
        return jdbc.sql("select id, flag::text as flag, comment from flag_revisions where flag->>'id' = :id")
                .param("id", flagId.toString())
                .query((rs, i) -> new Revision(Rows.uuid(rs, "id"), Json.read(rs.getString("flag"), FeatureFlag.class),
                        Rows.string(rs, "comment")))
                .list();
    }

    private static Map<String, Object> params(FeatureFlag f) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", f.id());
        p.put("env", f.envId());
        p.put("revision", f.revision());
        p.put("name", f.name());
        p.put("description", f.description() == null ? "" : f.description());
        p.put("key", f.key());
        p.put("type", f.variationType());
        p.put("variations", Json.write(f.variations()));
        p.put("targetUsers", Json.write(f.targetUsers()));
        p.put("rules", Json.write(f.rules()));
        p.put("enabled", f.isEnabled());
        p.put("disabled", f.disabledVariationId() == null ? "" : f.disabledVariationId());
        p.put("fallthrough", Json.write(f.fallthrough()));
        p.put("expt", f.exptIncludeAllTargets());
        p.put("tags", f.tags().toArray(String[]::new));
        p.put("archived", f.isArchived());
        p.put("created", Rows.utc(f.createdAt()));
        p.put("updated", Rows.utc(f.updatedAt()));
        p.put("creator", f.creatorId());
        p.put("updator", f.updatorId());
        return p;
    }
}
