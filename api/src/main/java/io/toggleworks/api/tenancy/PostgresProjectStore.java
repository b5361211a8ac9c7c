package io.toggleworks.api.tenancy;

import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.db.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code projects} table. */
@Repository
@OnPostgres
public class PostgresProjectStore implements ProjectStore {
    private final JdbcClient jdbc;

    public PostgresProjectStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Project> find(UUID id) {
        return jdbc.sql("select * from projects where id = :id").param("id", id).query(this::map).optional();
    }

    @Override
    public List<Project> ofOrganization(UUID organizationId) {
        return jdbc.sql("select * from projects where organization_id = :o order by created_at desc")
                .param("o", organizationId).query(this::map).list();
    }

    @Override
    public boolean keyUsed(UUID organizationId, String key) {
        return jdbc.sql("select count(*) from projects where organization_id = :o and lower(key) = lower(:key)")
                .param("o", organizationId).param("key", key).query(Long.class).single() > 0;
    }

    @Override
    public Optional<Project> findByKey(UUID organizationId, String key) {
        return jdbc.sql("select * from projects where organization_id = :o and lower(key) = lower(:key) order by created_at limit 1")
                .param("o", organizationId).param("key", key).query(this::map).optional();
    }

    @Override
    public void insert(Project p) {
        jdbc.sql("insert into projects (id, organization_id, name, key, created_at, updated_at) "
                        + "values (:id, :o, :name, :key, :c, :u)")
                .param("id", p.id()).param("o", p.organizationId()).param("name", p.name()).param("key", p.key())
                .param("c", Rows.utc(p.createdAt())).param("u", Rows.utc(p.updatedAt())).update();
    }

    @Override
    public void rename(UUID id, String name) {
        jdbc.sql("update projects set name = :name, updated_at = now() where id = :id")
                .param("id", id).param("name", name).update();
    }

    @Override
    public void delete(UUID id) {
        jdbc.sql("delete from projects where id = :id").param("id", id).update();
    }

    private Project map(ResultSet rs, int row) throws SQLException {
        return new Project(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), rs.getString("name"),
                rs.getString("key"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
