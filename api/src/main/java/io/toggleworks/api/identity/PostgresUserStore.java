package io.toggleworks.api.identity;

import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.db.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code users} and {@code workspace_users} tables. */
@Repository
@OnPostgres
public class PostgresUserStore implements UserStore {
    private final JdbcClient jdbc;

    public PostgresUserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<User> find(UUID id) {
        return jdbc.sql("select * from users where id = :id").param("id", id).query(this::map).optional();
    }

    @Override
    public Optional<User> findByEmail(String email) {
        return jdbc.sql("select * from users where lower(email) = lower(:email) order by (email = :email) desc limit 1")
                .param("email", email).query(this::map).optional();
    }

    @Override
    public void insert(User u) {
        jdbc.sql("""
                insert into users (id, name, email, password, origin, initial_password, created_at, updated_at)
                values (:id, :name, :email, :password, :origin, :initial, :created, :updated)""")
                .param("id", u.id()).param("name", u.name()).param("email", u.email()).param("password", u.password())
                .param("origin", u.origin()).param("initial", u.initialPassword().orElse(null))
                .param("created", Rows.utc(u.createdAt())).param("updated", Rows.utc(u.updatedAt())).update();
    }

    @Override
    public void updatePassword(UUID id, String hash, boolean clearInitialPassword) {
        jdbc.sql("update users set password = :p, updated_at = now()"
                        + (clearInitialPassword ? ", initial_password = null" : "") + " where id = :id")
                .param("id", id).param("p", hash).update();
    }

    @Override
    public void updateProfile(UUID id, String name, String email) {
        jdbc.sql("update users set name = :name, email = :email, updated_at = now() where id = :id")
                .param("id", id).param("name", name).param("email", email).update();
    }

    @Override
    public boolean emailUsedByOther(String email, UUID userId) {
        return jdbc.sql("select count(*) from users where lower(email) = lower(:email) and id <> :id")
                .param("email", email).param("id", userId).query(Long.class).single() > 0;
    }

    @Override
    public void addToWorkspace(UUID workspaceId, UUID userId) {
        jdbc.sql("""
                insert into workspace_users (id, workspace_id, user_id, created_at, updated_at)
                values (:id, :ws, :user, now(), now())
                on conflict (workspace_id, user_id) do nothing""")
                .param("id", UUID.randomUUID()).param("ws", workspaceId).param("user", userId).update();
    }

    private User map(ResultSet rs, int row) throws SQLException {
        return new User(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("email"), Rows.string(rs, "password"),
                rs.getString("origin") == null ? User.LOCAL : rs.getString("origin"),
                Optional.ofNullable(rs.getString("initial_password")), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
