package io.toggleworks.api.flags;

import io.toggleworks.api.db.OnPostgres;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** {@link CreatorStore} on the {@code users} and {@code access_tokens} tables. */
@Repository
@OnPostgres
public class PostgresCreatorStore implements CreatorStore {
    private final JdbcClient jdbc;

    public PostgresCreatorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<UUID, Creator> creators(Collection<UUID> ids) {
        Map<UUID, Creator> out = new HashMap<>();
        UUID[] distinct = ids.stream().filter(java.util.Objects::nonNull).distinct().toArray(UUID[]::new);
        if (distinct.length == 0) {
            return out;
        }
        jdbc.sql("select id, name, email from users where id = any(:ids)")
                .param("ids", distinct)
                .query(rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    out.put(id, new Creator(id, rs.getString("name"), rs.getString("email")));
                });
        jdbc.sql("select id, name from access_tokens where id = any(:ids)")
                .param("ids", distinct)
                .query(rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    out.putIfAbsent(id, new Creator(id, rs.getString("name"), "Access token"));
                });
        return out;
    }
}
