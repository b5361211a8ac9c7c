package io.toggleworks.api.tenancy;

import io.toggleworks.api.db.JsonColumns;
import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.db.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** The {@code environments} table, plus the rows an environment owns in other tables (deleted with it). */
@Repository
@OnPostgres
public class PostgresEnvironmentStore implements EnvironmentStore {
    private static final TypeReference<List<Secret>> SECRETS = new TypeReference<>() { };
    private final JdbcClient jdbc;
    private final JsonColumns json;

    public PostgresEnvironmentStore(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Optional<Environment> find(UUID id) {
        return jdbc.sql("select * from environments where id = :id").param("id", id).query(this::map).optional();
    }

    @Override
    public List<Environment> ofProject(UUID projectId) {
        return jdbc.sql("select * from environments where project_id = :p order by created_at")
                .param("p", projectId).query(this::map).list();
    }

    @Override
    public List<Environment> ofProjects(List<UUID> projectIds) {
        if (projectIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from environments where project_id in (:p) order by created_at")
                .param("p", projectIds).query(this::map).list();
    }

    @Override
    public boolean keyUsed(UUID projectId, String key) {
        return jdbc.sql("select count(*) from environments where project_id = :p and lower(key) = lower(:key)")
                .param("p", projectId).param("key", key).query(Long.class).single() > 0;
    }

    @Override
    public void insert(Environment e) {
        jdbc.sql("""
                insert into environments (id, project_id, name, key, description, secrets, settings, created_at, updated_at)
                values (:id, :p, :name, :key, :description, cast(:secrets as jsonb), cast(:settings as jsonb), :c, :u)""")
                .param("id", e.id()).param("p", e.projectId()).param("name", e.name()).param("key", e.key())
                .param("description", e.description()).param("secrets", json.write(e.secrets()))
                .param("settings", json.write(e.settings())).param("c", Rows.utc(e.createdAt()))
                .param("u", Rows.utc(e.updatedAt())).update();
        // The two built-in end-user properties every environment has (api.md §3.8).
        jdbc.sql("""
                insert into end_user_properties (id, env_id, name, preset_values, use_preset_values_only, is_built_in,
                                                 is_digest_field, remark, created_at, updated_at)
                values (:k, :env, 'keyId', '[]', false, true, true, 'user identifier in this environment', now(), now()),
                       (:n, :env, 'name', '[]', false, true, false, '', now(), now())""")
                .param("k", UUID.randomUUID()).param("n", UUID.randomUUID()).param("env", e.id()).update();
    }

    @Override
    public void update(UUID id, String name, String description, Environment.Settings settings) {
        jdbc.sql("update environments set name = :name, description = :d, settings = cast(:s as jsonb), updated_at = now() "
                        + "where id = :id")
                .param("id", id).param("name", name).param("d", description).param("s", json.write(settings)).update();
    }

    @Override
    public void updateSecrets(UUID id, List<Secret> secrets) {
        jdbc.sql("update environments set secrets = cast(:s as jsonb), updated_at = now() where id = :id")
                .param("id", id).param("s", json.write(secrets)).update();
    }

    @Override
    public void delete(UUID envId) {
        for (String sql : List.of(
                "delete from feature_flags where env_id = :e",
                "delete from segments where env_id = :e and type <> 'shared'",
                "delete from end_users where env_id = :e",
                "delete from end_user_properties where env_id = :e",
                "delete from audit_logs where env_id = :e",
                "delete from flag_drafts where env_id = :e",
                "delete from flag_change_requests where env_id = :e",
                "delete from flag_schedules where env_id = :e",
                "delete from experiments where env_id = :e",
                "delete from experiment_metrics where env_id = :e",
                "delete from environments where id = :e")) {
            jdbc.sql(sql).param("e", envId).update();
        }
    }

    private Environment map(ResultSet rs, int row) throws SQLException {
        return new Environment(Rows.uuid(rs, "id"), Rows.uuid(rs, "project_id"), rs.getString("name"), rs.getString("key"),
                Rows.string(rs, "description"), json.read(rs, "secrets", SECRETS, List.of()),
                json.read(rs, "settings", Environment.Settings.class, new Environment.Settings(false)),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
