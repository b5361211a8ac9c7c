package io.toggleworks.api.identity;

import io.toggleworks.api.db.Rows;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Rotating refresh tokens (api.md §3.3): the raw token is a GUID in "N" format, handed out only in the cookie;
 * the table keeps its SHA-256 hex. Active = not revoked and not expired; 30 days.
 */
@Repository
public class RefreshTokenStore {
    static final Duration LIFETIME = Duration.ofDays(30);
    private final JdbcClient jdbc;

    public RefreshTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Active(UUID id, UUID userId) {
    }

    /** Creates a token for the user and returns the raw value for the cookie. */
    public String create(UUID userId, String ip) {
        String raw = newRaw();
        insert(raw, userId, ip);
        return raw;
    }

    static String newRaw() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    void insert(String raw, UUID userId, String ip) {
        jdbc.sql("""
                insert into refresh_tokens (id, token, user_id, is_revoked, created_by_ip, expires_at, created_at, updated_at)
                values (:id, :token, :user, false, :ip, now() + make_interval(days => :days), now(), now())""")
                .param("id", UUID.randomUUID()).param("token", hash(raw)).param("user", userId)
                .param("ip", truncate(ip)).param("days", (int) LIFETIME.toDays()).update();
    }

    public Optional<Active> findActive(String raw) {
        return jdbc.sql("select id, user_id from refresh_tokens where token = :t and not is_revoked and expires_at > now()")
                .param("t", hash(raw)).query((rs, i) -> new Active(Rows.uuid(rs, "id"), Rows.uuid(rs, "user_id")))
                .optional();
    }

    /** Revokes the token; returns false when it was no longer active (a concurrent rotation won). */
    public boolean revoke(String raw, String ip, Optional<String> replacedByRaw) {
        return jdbc.sql("""
                update refresh_tokens set is_revoked = true, revoked_at = now(), revoked_by_ip = :ip,
                       replaced_by_token = :replaced, last_used_at = now(), updated_at = now()
                 where token = :t and not is_revoked""")
                .param("t", hash(raw)).param("ip", truncate(ip)).param("replaced", replacedByRaw.map(RefreshTokenStore::hash).orElse(null))
                .update() > 0;
    }

    static String hash(String raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String ip) {
        return ip == null ? null : ip.length() > 45 ? ip.substring(0, 45) : ip;
    }
}
