package io.toggleworks.api.segments;

import io.toggleworks.api.db.Rows;
import io.toggleworks.api.tenancy.EnvScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/**
 * Where segments are visible (api.md §3.7): an environment's v2 resource name
 * {@code organization/{org}:project/{project}:env/{env}} is in scope of a segment scope when {@code rn + ":"}
 * starts with {@code scope + ":"}. Shared segments cover every environment of their workspace matched by a scope.
 */
@Component
public class SegmentScopes {
    private final JdbcClient jdbc;

    public SegmentScopes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record EnvRn(UUID envId, String rn) {
    }

    public String rn(EnvScope env) {
        String orgKey = jdbc.sql("select key from organizations where id = :id").param("id", env.organizationId())
                .query(String.class).optional().orElse("");
        return rn(orgKey, env.projectKey(), env.envKey());
    }

    static String rn(String orgKey, String projectKey, String envKey) {
        return "organization/" + orgKey + ":project/" + projectKey + ":env/" + envKey;
    }

    /** Concrete scopes (no wildcard) are matched by prefix; a {@code *} key matches any key. */
    public static boolean inScope(String envRn, String scope) {
        if (scope == null || scope.isBlank()) {
            return false;
        }
        if (!scope.contains("*")) {
            return (envRn + ":").startsWith(scope + ":");
        }
        String[] want = scope.split(":");
        String[] have = envRn.split(":");
        if (want.length > have.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            String[] w = want[i].split("/", 2);
            String[] h = have[i].split("/", 2);
            if (w.length != 2 || h.length != 2 || !w[0].equals(h[0]) || !(w[1].equals("*") || w[1].equals(h[1]))) {
                return false;
            }
        }
        return true;
    }

    public static boolean visibleIn(SegmentEntity s, UUID envId, String envRn) {
        if (s.isEnvironmentSpecific()) {
            return s.envId().equals(envId);
        }
        return s.scopes().stream().anyMatch(scope -> inScope(envRn, scope));
    }

    /** Every environment of a workspace with its v2 RN. */
    public List<EnvRn> environments(UUID workspaceId) {
        return jdbc.sql("""
                select e.id, o.key as org_key, p.key as project_key, e.key as env_key
                  from environments e join projects p on p.id = e.project_id join organizations o on o.id = p.organization_id
                 where o.workspace_id = :ws""")
                .param("ws", workspaceId)
                .query((rs, i) -> new EnvRn(Rows.uuid(rs, "id"), rn(rs.getString("org_key"), rs.getString("project_key"), rs.getString("env_key"))))
                .list();
    }

    /** The environments a segment applies to: its own, or all in scope for a shared one. */
    public List<UUID> envIds(SegmentEntity s) {
        if (s.isEnvironmentSpecific()) {
            return List.of(s.envId());
        }
        return environments(s.workspaceId()).stream()
                .filter(e -> s.scopes().stream().anyMatch(scope -> inScope(e.rn(), scope)))
                .map(EnvRn::envId).toList();
    }
}
