package io.toggleworks.api.segments;

import io.toggleworks.api.tenancy.EnvScope;

import java.util.List;
import java.util.UUID;

/**
 * Where segments are visible (api.md §3.7): an environment's v2 resource name
 * {@code organization/{org}:project/{project}:env/{env}} is in scope of a segment scope when {@code rn + ":"}
 * starts with {@code scope + ":"}. Shared segments cover every environment of their workspace matched by a scope.
 * The resource names come from the main database: one implementation per {@code DbProvider}.
 */
public interface SegmentScopes {
    record EnvRn(UUID envId, String rn) {
    }

    /** The environment's v2 resource name (organization key read from the database). */
    String rn(EnvScope env);

    /** Every environment of a workspace with its v2 RN, in no particular order. */
    List<EnvRn> environments(UUID workspaceId);

    /** The environments a segment applies to: its own, or all in scope for a shared one. */
    default List<UUID> envIds(SegmentEntity s) {
        if (s.isEnvironmentSpecific()) {
            return List.of(s.envId());
        }
        return environments(s.workspaceId()).stream()
                .filter(e -> s.scopes().stream().anyMatch(scope -> inScope(e.rn(), scope)))
                .map(EnvRn::envId).toList();
    }

    static String rn(String orgKey, String projectKey, String envKey) {
        return "organization/" + orgKey + ":project/" + projectKey + ":env/" + envKey;
    }

    /** Concrete scopes (no wildcard) are matched by prefix; a {@code *} key matches any key. */
    static boolean inScope(String envRn, String scope) {
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

    static boolean visibleIn(SegmentEntity s, UUID envId, String envRn) {
        if (s.isEnvironmentSpecific()) {
            return s.envId().equals(envId);
        }
        return s.scopes().stream().anyMatch(scope -> inScope(envRn, scope));
    }
}
