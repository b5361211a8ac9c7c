package io.toggleworks.api.segments;

import io.toggleworks.api.db.Rows;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.MatchRule;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.toggleworks.api.db.OnPostgres;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link SegmentStore} on the {@code segments} table. */
@Repository
@OnPostgres
public class PostgresSegmentStore implements SegmentStore {
    private static final TypeReference<List<MatchRule>> RULES = new TypeReference<>() { };

    private final JdbcClient jdbc;

    public PostgresSegmentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static final RowMapper<SegmentEntity> MAPPER = (rs, i) -> {
        String rules = rs.getString("rules");
        return new SegmentEntity(Rows.uuid(rs, "id"), Rows.uuid(rs, "workspace_id"), Rows.uuid(rs, "env_id"),
                rs.getString("name"), rs.getString("key"), rs.getString("type"), strings(rs.getArray("scopes")),
                Rows.string(rs, "description"), strings(rs.getArray("included")), strings(rs.getArray("excluded")),
                rules == null ? List.of() : Json.read(rules, RULES), strings(rs.getArray("tags")),
                rs.getBoolean("is_archived"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    };

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    @Override
    public Optional<SegmentEntity> find(UUID id) {
        return jdbc.sql("select * from segments where id = :id").param("id", id).query(MAPPER).optional();
    }

    @Override
    public List<SegmentEntity> candidates(UUID workspaceId, UUID envId, String name, Boolean archived) {
        StringBuilder sql = new StringBuilder("""
                select * from segments where ((type <> 'shared' and env_id = :env) or (type = 'shared' and workspace_id = :ws))""");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("env", envId);
        p.put("ws", workspaceId);
        if (archived != null) {
            sql.append(" and is_archived = :archived");
            p.put("archived", archived);
        }
        if (name != null && !name.isBlank()) {
            sql.append(" and (name ilike :q or key ilike :q)");
            p.put("q", Rows.contains(name.trim()));
        }
        sql.append(" order by updated_at desc, id");
        return jdbc.sql(sql.toString()).params(p).query(MAPPER).list();
    }

    @Override
    public boolean keyUsed(UUID workspaceId, UUID envId, String key, boolean shared) {
        String sql = shared
                ? "select exists(select 1 from segments where workspace_id = :ws and type = 'shared' and lower(key) = lower(:key))"
                : "select exists(select 1 from segments where env_id = :env and type <> 'shared' and lower(key) = lower(:key))";
        return jdbc.sql(sql).param("ws", workspaceId).param("env", envId).param("key", key).query(Boolean.class).single();
    }

    @Override
    public List<String> allTags(UUID envId) {
        return jdbc.sql("select distinct t from segments, unnest(tags) t where env_id = :env order by t")
                .param("env", envId).query(String.class).list();
    }

    @Override
    public void insert(SegmentEntity s) {
        jdbc.sql("""
                insert into segments (id, workspace_id, env_id, name, key, type, scopes, description, included, excluded,
                                      rules, tags, is_archived, created_at, updated_at)
                values (:id, :ws, :env, :name, :key, :type, :scopes, :description, :included, :excluded,
                        cast(:rules as jsonb), :tags, :archived, :created, :updated)""")
                .params(params(s)).update();
    }

    @Override
    public boolean update(SegmentEntity s, java.time.Instant expectedUpdatedAt) {
        return jdbc.sql("""
                update segments set name = :name, description = :description, included = :included, excluded = :excluded,
                    rules = cast(:rules as jsonb), tags = :tags, is_archived = :archived, updated_at = :updated
                where id = :id and updated_at = :expected""")
                .params(params(s)).param("expected", Rows.utc(expectedUpdatedAt)).update() == 1;
    }

    @Override
    public void delete(UUID id) {
        jdbc.sql("delete from segments where id = :id").param("id", id).update();
    }

    private static Map<String, Object> params(SegmentEntity s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", s.id());
        p.put("ws", s.workspaceId());
        p.put("env", s.envId());
        p.put("name", s.name());
        p.put("key", s.key());
        p.put("type", s.type());
        p.put("scopes", s.scopes().toArray(String[]::new));
        p.put("description", s.description());
        p.put("included", s.included().toArray(String[]::new));
        p.put("excluded", s.excluded().toArray(String[]::new));
        p.put("rules", Json.write(s.rules()));
        p.put("tags", s.tags().toArray(String[]::new));
        p.put("archived", s.isArchived());
        p.put("created", Rows.utc(s.createdAt()));
        p.put("updated", Rows.utc(s.updatedAt()));
        return p;
    }
}
