package io.toggleworks.api.cache;

import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.tenancy.Secret;
import io.toggleworks.core.json.Json;
import io.toggleworks.spi.cache.SecretEntry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link CacheQueries} on PostgreSQL's tables. */
@Repository
@OnPostgres
public class PostgresCacheQueries implements CacheQueries {
    private static final TypeReference<List<Secret>> SECRETS = new TypeReference<>() { };

    private final JdbcClient jdbc;

    public PostgresCacheQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<UUID> environmentIds() {
        return jdbc.sql("select id from environments order by id").query(UUID.class).list();
    }

    @Override
    public List<UUID> segmentIds() {
        return jdbc.sql("select id from segments order by id").query(UUID.class).list();
    }

    @Override
    public List<SecretEntry> secrets() {
        List<SecretEntry> result = new ArrayList<>();
        jdbc.sql("""
                select e.id, e.key, e.secrets::text as secrets, p.id as project_id, p.key as project_key,
                       o.id as org_id, o.key as org_key
                  from environments e join projects p on p.id = e.project_id join organizations o on o.id = p.organization_id
                 order by e.id""")
                .query((rs, i) -> {
                    String text = rs.getString("secrets");
                    return SecretEntries.of(text == null ? List.of() : Json.read(text, SECRETS),
                            rs.getObject("org_id", UUID.class), rs.getString("org_key"),
                            rs.getObject("project_id", UUID.class), rs.getString("project_key"),
                            rs.getObject("id", UUID.class), rs.getString("key"));
                })
                .list().forEach(result::addAll);
        return result;
    }

    @Override
    public Optional<String> segmentType(UUID segmentId) {
        return jdbc.sql("select coalesce(type, '') from segments where id = :id").param("id", segmentId)
                .query(String.class).optional();
    }

    @Override
    public String organizationKey(UUID organizationId) {
        return jdbc.sql("select key from organizations where id = :id").param("id", organizationId)
                .query(String.class).optional().orElse("");
    }
}
