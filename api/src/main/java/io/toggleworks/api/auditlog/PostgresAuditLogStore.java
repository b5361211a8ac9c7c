package io.toggleworks.api.auditlog;

import io.toggleworks.api.db.OnPostgres;
import io.toggleworks.api.db.Rows;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.core.json.Json;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link AuditLogStore} on PostgreSQL: the {@code audit_logs} table. Entries are written by the flag and segment
 * change pipelines inside the transaction of the change, so a change and its history entry commit or roll back
 * together.
 */
@Repository
@OnPostgres
public class PostgresAuditLogStore implements AuditLogStore {
    private final JdbcClient jdbc;

    public PostgresAuditLogStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(UUID envId, String refId, String refType, String keyword, Operation operation, DataChange change,
                       String comment, UUID creatorId) {
        jdbc.sql("""
                insert into audit_logs (id, env_id, ref_id, ref_type, keyword, operation, data_change, comment, creator_id, created_at)
                values (:id, :env, :ref, :type, :keyword, :op, cast(:change as jsonb), :comment, :creator, :at)""")
                .param("id", UUID.randomUUID())
                .param("env", envId)
                .param("ref", refId)
                .param("type", refType)
                .param("keyword", truncate(keyword, 512))
                .param("op", operation.name())
                .param("change", Json.write(change))
                .param("comment", truncate(comment == null ? "" : comment, 512))
                .param("creator", creatorId)
                .param("at", Rows.utc(Instant.now().truncatedTo(ChronoUnit.MICROS)))
                .update();
    }

    @Override
    public PagedResult<Row> list(Filter f, Paging paging) {
        StringBuilder where = new StringBuilder(" where a.env_id = any(:envs)");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("envs", f.envIds().toArray(UUID[]::new));
        if (f.query() != null && !f.query().isBlank()) {
            where.append(" and (a.keyword ilike :q or a.comment ilike :q)");
            params.put("q", Rows.contains(f.query().trim()));
        }
        if (f.creatorId() != null) {
            where.append(" and a.creator_id = :creator");
            params.put("creator", f.creatorId());
        }
        if (f.refId() != null && !f.refId().isBlank()) {
            where.append(" and a.ref_id = :ref");
            params.put("ref", f.refId().trim());
        }
        if (f.refType() != null && !f.refType().isBlank()) {
            where.append(" and a.ref_type = :type");
            params.put("type", f.refType().trim());
        }
        if (f.from() != null) {
            where.append(" and a.created_at >= :from");
            params.put("from", Rows.utc(f.from()));
        }
        if (f.to() != null) {
            where.append(" and a.created_at <= :to");
            params.put("to", Rows.utc(f.to()));
        }
        long total = jdbc.sql("select count(*) from audit_logs a" + where).params(params).query(Long.class).single();
        List<Row> rows = jdbc.sql("""
                select a.*, u.name as user_name, u.email as user_email, t.name as token_name
                  from audit_logs a
                  left join users u on u.id = a.creator_id
                  left join access_tokens t on t.id = a.creator_id""" + where
                        + " order by a.created_at desc, a.id desc limit :limit offset :offset")
                .params(params)
                .param("limit", paging.pageSize())
                .param("offset", paging.offset())
                .query((rs, i) -> {
                    UUID creator = Rows.uuid(rs, "creator_id");
                    String name;
                    String email;
                    if (rs.getString("user_name") != null) {
                        name = rs.getString("user_name");
                        email = Rows.string(rs, "user_email");
                    } else if (rs.getString("token_name") != null) {
                        name = rs.getString("token_name");
                        email = "Access token";
                    } else if (AuditLogStore.SYSTEM.equals(creator)) {
                        name = "System";
                        email = "System";
                    } else {
                        name = "Ghost";
                        email = "Ghost";
                    }
                    return new Row(Rows.uuid(rs, "id"), Rows.uuid(rs, "env_id"), rs.getString("ref_id"), rs.getString("ref_type"),
                            Rows.string(rs, "keyword"), rs.getString("operation"), readChange(rs.getString("data_change")),
                            Rows.string(rs, "comment"), creator, name, email, Rows.instant(rs, "created_at"));
                })
                .list();
        return new PagedResult<>(total, rows);
    }

    @Override
    public Map<String, LastChange> lastChanges(UUID envId, List<UUID> flagIds) {
        Map<String, LastChange> out = new LinkedHashMap<>();
        if (flagIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                select distinct on (a.ref_id) a.ref_id, a.creator_id, a.created_at, a.comment, u.name, u.email
                  from audit_logs a left join users u on u.id = a.creator_id
                 where a.env_id = :env and a.ref_type = 'FeatureFlag' and a.operation <> 'Create' and a.ref_id = any(:ids)
                 order by a.ref_id, a.created_at desc""")
                .param("env", envId)
                .param("ids", flagIds.stream().map(UUID::toString).toArray(String[]::new))
                .query(rs -> {
                    out.put(rs.getString("ref_id"), new LastChange(
                            new Operator(Rows.uuid(rs, "creator_id"),
                                    Optional.ofNullable(rs.getString("name")).orElse("Ghost"),
                                    Optional.ofNullable(rs.getString("email")).orElse("Ghost")),
                            Rows.instant(rs, "created_at"), Rows.string(rs, "comment")));
                });
        return out;
    }

    static DataChange readChange(String json) {
        if (json == null || json.isBlank()) {
            return new DataChange("", "");
        }
        try {
            return Json.read(json, DataChange.class);
        } catch (RuntimeException e) {
            return new DataChange("", "");
        }
    }

    @Override
    public long count() {
        return jdbc.sql("select count(*) from audit_logs").query(Long.class).single();
    }

    @Override
    public List<UUID> envIdsOfOrganization(UUID organizationId) {
        return jdbc.sql("select e.id from environments e join projects p on p.id = e.project_id where p.organization_id = :org")
                .param("org", organizationId).query(UUID.class).list();
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
