package io.toggleworks.api.identity;

import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.db.Rows;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code refresh_tokens} table. */
@Repository
@OnPostgres
public class PostgresRefreshTokenStore implements RefreshTokenStore {
    private final JdbcClient jdbc;

    public PostgresRefreshTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(String raw, UUID userId, String ip) {
        jdbc.sql("""
                insert into refresh_tokens (id, token, user_id, is_revoked, created_by_ip, expires_at, created_at, updated_at)
                values (:id, :token, :user, false, :ip, now() + make_interval(days => :days), now(), now())""")
                .param("id", UUID.randomUUID()).param("token", RefreshTokenStore.hash(raw)).param("user", userId)
                .param("ip", RefreshTokenStore.truncateIp(ip)).param("days", (int) LIFETIME.toDays()).update();
    }

    @Override
    public Optional<Active> findActive(String raw) {
        return jdbc.sql("select id, user_id from refresh_tokens where token = :t and not is_revoked and expires_at > now()")
                .param("t", RefreshTokenStore.hash(raw)).query((rs, i) -> new Active(Rows.uuid(rs, "id"), Rows.uuid(rs, "user_id")))
                .optional();
    }

    @Override
    public boolean revoke(String raw, String ip, Optional<String> replacedByRaw) {
        return jdbc.sql("""
                update refresh_tokens set is_revoked = true, revoked_at = now(), revoked_by_ip = :ip,
                       replaced_by_token = :replaced, last_used_at = now(), updated_at = now()
                 where token = :t and not is_revoked""")
                .param("t", RefreshTokenStore.hash(raw)).param("ip", RefreshTokenStore.truncateIp(ip))
                .param("replaced", replacedByRaw.map(RefreshTokenStore::hash).orElse(null))
                .update() > 0;
    }
}
