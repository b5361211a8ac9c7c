package io.toggleworks.api.endusers;

import io.toggleworks.api.db.Rows;
import io.toggleworks.core.json.Json;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.toggleworks.api.db.OnPostgres;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link EndUserPropertyStore} on the {@code end_user_properties} table. */
@Repository
@OnPostgres
public class PostgresEndUserPropertyStore implements EndUserPropertyStore {
    private static final TypeReference<List<EndUserProperty.PresetValue>> PRESETS = new TypeReference<>() { };

    private final JdbcClient jdbc;

    public PostgresEndUserPropertyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static final RowMapper<EndUserProperty> MAPPER = (rs, i) -> {
        String presets = rs.getString("preset_values");
        return new EndUserProperty(Rows.uuid(rs, "id"), Rows.uuid(rs, "env_id"), rs.getString("name"),
                presets == null ? List.of() : Json.read(presets, PRESETS), rs.getBoolean("use_preset_values_only"),
                rs.getBoolean("is_built_in"), rs.getBoolean("is_digest_field"), Rows.string(rs, "remark"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    };

    @Override
    public List<EndUserProperty> list(UUID envId) {
        return jdbc.sql("select * from end_user_properties where env_id = :env order by is_built_in desc, created_at, name")
                .param("env", envId).query(MAPPER).list();
    }

    @Override
    public List<String> names(UUID envId) {
        return jdbc.sql("select name from end_user_properties where env_id = :env").param("env", envId).query(String.class).list();
    }

    @Override
    public Optional<EndUserProperty> find(UUID envId, UUID id) {
        return jdbc.sql("select * from end_user_properties where id = :id and env_id = :env").param("id", id).param("env", envId)
                .query(MAPPER).optional();
    }

    @Override
    public Optional<EndUserProperty> findById(UUID id) {
        return jdbc.sql("select * from end_user_properties where id = :id").param("id", id).query(MAPPER).optional();
    }

    @Override
    public boolean nameUsed(UUID envId, String name, UUID exceptId) {
        return jdbc.sql("select exists(select 1 from end_user_properties where env_id = :env and name = :name and id <> :id)")
                .param("env", envId).param("name", name).param("id", exceptId).query(Boolean.class).single();
    }

    /**
     * Serialized per environment with a transaction-scoped advisory lock, because the table has no unique index that
     * could arbitrate concurrent adds.
     */
    @Override
    public int addMissing(UUID envId, List<String> names) {
        List<String> wanted = EndUserPropertyStore.wanted(names);
        if (wanted.isEmpty()) {
            return 0;
        }
        jdbc.sql("select pg_advisory_xact_lock(hashtext('end_user_properties:' || cast(:env as text)))")
                .param("env", envId).query((rs, i) -> 1).list();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int added = 0;
        List<String> existing = names(envId);
        for (String name : wanted) {
            if (existing.contains(name)) {
                continue;
            }
            jdbc.sql("""
                    insert into end_user_properties (id, env_id, name, preset_values, use_preset_values_only, is_built_in,
                                                     is_digest_field, remark, created_at, updated_at)
                    values (:id, :env, :name, '[]'::jsonb, false, false, false, '', :now, :now)""")
                    .param("id", UUID.randomUUID()).param("env", envId).param("name", name).param("now", Rows.utc(now)).update();
            added++;
        }
        return added;
    }

    @Override
    public void upsert(EndUserProperty p) {
        jdbc.sql("""
                insert into end_user_properties (id, env_id, name, preset_values, use_preset_values_only, is_built_in,
                                                 is_digest_field, remark, created_at, updated_at)
                values (:id, :env, :name, cast(:presets as jsonb), :only, false, :digest, :remark, :created, :updated)
                on conflict (id) do update set name = excluded.name, preset_values = excluded.preset_values,
                    use_preset_values_only = excluded.use_preset_values_only, is_digest_field = excluded.is_digest_field,
                    remark = excluded.remark, updated_at = excluded.updated_at""")
                .param("id", p.id()).param("env", p.envId()).param("name", p.name()).param("presets", Json.write(p.presetValues()))
                .param("only", p.usePresetValuesOnly()).param("digest", p.isDigestField()).param("remark", p.remark())
                .param("created", Rows.utc(p.createdAt())).param("updated", Rows.utc(p.updatedAt()))
                .update();
    }

    @Override
    public void delete(UUID id) {
        jdbc.sql("delete from end_user_properties where id = :id").param("id", id).update();
    }
}
