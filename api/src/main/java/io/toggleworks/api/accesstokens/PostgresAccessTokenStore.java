package io.toggleworks.api.accesstokens;

import io.toggleworks.api.db.JsonColumns;
import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.db.Rows;
import io.toggleworks.api.iam.PolicyStatement;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** {@link AccessTokenStore} on PostgreSQL: the {@code access_tokens} table. */
@Repository
@OnPostgres
public class PostgresAccessTokenStore implements AccessTokenStore {
    private static final TypeReference<List<PolicyStatement>> STATEMENTS = new TypeReference<>() { };
    private final JdbcClient jdbc;
    private final JsonColumns json;

    public PostgresAccessTokenStore(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Optional<AccessToken> findByRawToken(String raw) {
        if (!raw.startsWith(TokenHashing.PREFIX)) {
            return Optional.empty(); // never let a stored hash itself pass as a token
        }
        String stored = TokenHashing.stored(raw);
        Optional<AccessToken> token = jdbc.sql("select * from access_tokens where token = :stored or token = :raw limit 1")
                .param("stored", stored).param("raw", raw).query(this::map).optional();
        token.ifPresent(t -> jdbc.sql("update access_tokens set token = :stored where id = :id and token = :raw")
                .param("stored", stored).param("id", t.id()).param("raw", raw).update());
        return token;
    }

    @Override
    public void touch(UUID id) {
        jdbc.sql("update access_tokens set last_used_at = now() where id = :id "
                        + "and (last_used_at is null or last_used_at < now() - interval '1 minute')")
                .param("id", id).update();
    }

    @Override
    public Optional<AccessToken> find(UUID organizationId, UUID id) {
        return jdbc.sql("select * from access_tokens where id = :id and organization_id = :org")
                .param("id", id).param("org", organizationId).query(this::map).optional();
    }

    @Override
    public boolean nameUsed(UUID organizationId, String name) {
        return jdbc.sql("select count(*) from access_tokens where organization_id = :org and lower(name) = lower(:name)")
                .param("org", organizationId).param("name", name).query(Long.class).single() > 0;
    }

    @Override
    public void insert(AccessToken t, String rawToken) {
        jdbc.sql("""
                insert into access_tokens (id, organization_id, name, type, status, token, creator_id, permissions,
                                           last_used_at, created_at, updated_at)
                values (:id, :org, :name, :type, :status, :token, :creator, cast(:permissions as jsonb), null, :now, :now)""")
                .param("id", t.id()).param("org", t.organizationId()).param("name", t.name()).param("type", t.type())
                .param("status", t.status()).param("token", TokenHashing.stored(rawToken)).param("creator", t.creatorId())
                .param("permissions", json.write(t.permissions())).param("now", Rows.utc(t.createdAt()))
                .update();
    }

    @Override
    public void update(UUID id, String name, List<PolicyStatement> permissions, String status) {
        jdbc.sql("update access_tokens set name = :name, permissions = cast(:permissions as jsonb), status = :status, "
                        + "updated_at = now() where id = :id")
                .param("id", id).param("name", name).param("permissions", json.write(permissions)).param("status", status)
                .update();
    }

    @Override
    public void delete(UUID id) {
        jdbc.sql("delete from access_tokens where id = :id").param("id", id).update();
    }

    @Override
    public PagedResult<AccessToken> list(UUID organizationId, String name, UUID creatorId, String type, Paging paging) {
        StringBuilder where = new StringBuilder(" where organization_id = :org");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("org", organizationId);
        if (name != null && !name.isBlank()) {
            where.append(" and name ilike :name");
            params.put("name", Rows.contains(name));
        }
        if (creatorId != null) {
            where.append(" and creator_id = :creator");
            params.put("creator", creatorId);
        }
        if (type != null && !type.isBlank()) {
            where.append(" and type = :type");
            params.put("type", type);
        }
        long total = jdbc.sql("select count(*) from access_tokens" + where).params(params).query(Long.class).single();
        List<AccessToken> items = new ArrayList<>(jdbc.sql("select * from access_tokens" + where
                        + " order by created_at desc limit :limit offset :offset")
                .params(params).param("limit", paging.pageSize()).param("offset", paging.offset())
                .query(this::map).list());
        return new PagedResult<>(total, items);
    }

    private AccessToken map(ResultSet rs, int row) throws SQLException {
        return new AccessToken(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), rs.getString("name"),
                rs.getString("type"), rs.getString("status"), TokenHashing.prefixOfStored(rs.getString("token")),
                Rows.uuid(rs, "creator_id"), json.read(rs, "permissions", STATEMENTS, List.of()),
                Rows.optionalInstant(rs, "last_used_at"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
