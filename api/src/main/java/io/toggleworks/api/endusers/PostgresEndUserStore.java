package io.toggleworks.api.endusers;

import io.toggleworks.api.db.Rows;
import io.toggleworks.core.enduser.CustomizedProperty;
import io.toggleworks.core.json.Json;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.toggleworks.api.db.OnPostgres;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link EndUserStore} on the {@code end_users} table: upsert by its unique (env_id, key_id), keyset paging. */
@Repository
@OnPostgres
public class PostgresEndUserStore implements EndUserStore {
    private static final TypeReference<List<CustomizedProperty>> PROPS = new TypeReference<>() { };

    private final JdbcClient jdbc;

    public PostgresEndUserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static final RowMapper<EndUserRecord> MAPPER = (rs, i) -> {
        String props = rs.getString("customized_properties");
        return new EndUserRecord(Rows.uuid(rs, "id"), Rows.uuid(rs, "workspace_id"), Rows.uuid(rs, "env_id"),
                rs.getString("key_id"), rs.getString("name"), props == null ? List.of() : Json.read(props, PROPS),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    };

    @Override
    public Optional<EndUserRecord> find(UUID envId, UUID id) {
        return jdbc.sql("select * from end_users where id = :id and env_id = :env").param("id", id).param("env", envId)
                .query(MAPPER).optional();
    }

    @Override
    public List<EndUserRecord> byKeyIds(UUID envId, List<String> keyIds) {
        if (keyIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from end_users where env_id = :env and key_id = any(:keys) order by updated_at desc, id desc")
                .param("env", envId).param("keys", keyIds.toArray(String[]::new)).query(MAPPER).list();
    }

    @Override
    public EndUserRecord upsert(UUID envId, String keyId, String name, List<CustomizedProperty> properties) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String props = Json.write(properties == null ? List.of() : properties);
        jdbc.sql("""
                insert into end_users (id, workspace_id, env_id, key_id, name, customized_properties, created_at, updated_at)
                values (:id, null, :env, :key, :name, cast(:props as jsonb), :now, :now)
                on conflict (env_id, key_id) do update
                   set name = excluded.name, customized_properties = excluded.customized_properties, updated_at = excluded.updated_at
                 where end_users.name is distinct from excluded.name
                    or end_users.customized_properties is distinct from excluded.customized_properties""")
                .param("id", UUID.randomUUID()).param("env", envId).param("key", keyId).param("name", name == null ? "" : name)
                .param("props", props).param("now", Rows.utc(now))
                .update();
        return jdbc.sql("select * from end_users where env_id = :env and key_id = :key").param("env", envId).param("key", keyId)
                .query(MAPPER).single();
    }

    @Override
    public List<EndUserRecord> search(UUID envId, UUID workspaceId, String text, List<String> excludedKeyIds, boolean globalOnly,
                                      int limit) {
        StringBuilder sql = new StringBuilder("select * from end_users where ");
        sql.append(globalOnly ? "(env_id is null and workspace_id = :ws)" : "(env_id = :env or (env_id is null and workspace_id = :ws))");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("env", envId);
        p.put("ws", workspaceId);
        if (text != null && !text.isBlank()) {
            sql.append(" and (key_id ilike :q or name ilike :q)");
            p.put("q", Rows.contains(text.trim()));
        }
        if (!excludedKeyIds.isEmpty()) {
            sql.append(" and not (key_id = any(:excluded))");
            p.put("excluded", excludedKeyIds.toArray(String[]::new));
        }
        sql.append(" order by updated_at desc, id desc limit :limit");
        p.put("limit", limit);
        return jdbc.sql(sql.toString()).params(p).query(MAPPER).list();
    }

    @Override
    public CursorPage page(UUID envId, String text, Cursor cursor, int pageSize) {
        boolean backward = EndUserStore.isBackward(cursor);
        StringBuilder sql = new StringBuilder("select * from end_users where env_id = :env");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("env", envId);
        if (text != null && !text.isBlank()) {
            sql.append(" and (key_id ilike :q or name ilike :q)");
            p.put("q", Rows.contains(text.trim()));
        }
        if (EndUserStore.positions(cursor)) {
            sql.append(backward ? " and (updated_at, id) > (:cu, :ci)" : " and (updated_at, id) < (:cu, :ci)");
            p.put("cu", Rows.utc(cursor.updatedAt()));
            p.put("ci", cursor.id());
        }
        sql.append(backward ? " order by updated_at asc, id asc" : " order by updated_at desc, id desc").append(" limit :limit");
        p.put("limit", pageSize + 1);
        return EndUserStore.pageOf(jdbc.sql(sql.toString()).params(p).query(MAPPER).list(), cursor, pageSize);
    }

    @Override
    public long count(UUID envId, String text) {
        StringBuilder sql = new StringBuilder("select count(*) from end_users where env_id = :env");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("env", envId);
        if (text != null && !text.isBlank()) {
            sql.append(" and (key_id ilike :q or name ilike :q)");
            p.put("q", Rows.contains(text.trim()));
        }
        return jdbc.sql(sql.toString()).params(p).query(Long.class).single();
    }

    @Override
    public List<EndUserRecord> all(UUID envId, String text, int limit) {
        StringBuilder sql = new StringBuilder("select * from end_users where env_id = :env");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("env", envId);
        if (text != null && !text.isBlank()) {
            sql.append(" and (key_id ilike :q or name ilike :q)");
            p.put("q", Rows.contains(text.trim()));
        }
        sql.append(" order by updated_at desc, id desc limit :limit");
        p.put("limit", limit);
        return jdbc.sql(sql.toString()).params(p).query(MAPPER).list();
    }
}
