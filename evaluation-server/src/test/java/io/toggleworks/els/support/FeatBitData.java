package io.toggleworks.els.support;

import io.toggleworks.core.secret.EnvironmentSecret;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Writes FeatBit rows (workspace → organization → project → environments, flags, segments) for tests. */
public final class FeatBitData {
    public final UUID workspace = UUID.randomUUID();
    public final UUID org = UUID.randomUUID();
    public final UUID project = UUID.randomUUID();
    private final TestDatabase db;

    public FeatBitData(TestDatabase db) {
        this.db = db;
        db.exec("insert into workspaces (id, name, key, created_at, updated_at) values (?, 'w', 'w', now(), now())", workspace);
        db.exec("insert into organizations (id, workspace_id, name, key, default_permissions, created_at, updated_at) values (?, ?, 'o', 'org', '{}', now(), now())", org, workspace);
        db.exec("insert into projects (id, organization_id, name, key, created_at, updated_at) values (?, ?, 'p', 'proj', now(), now())", project, org);
    }

    /** An environment with one server and one client secret. */
    public Env environment(String key) {
        UUID id = UUID.randomUUID();
        Env env = new Env(id, key, EnvironmentSecret.create(id), EnvironmentSecret.create(id));
        db.exec("insert into environments (id, project_id, name, key, secrets, created_at, updated_at) values (?, ?, ?, ?, ?::jsonb, now(), now())",
                id, project, key, key, "[{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"s\",\"type\":\"server\",\"value\":\"" + env.serverSecret + "\"},"
                        + "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"c\",\"type\":\"client\",\"value\":\"" + env.clientSecret + "\"}]");
        return env;
    }

    public record Env(UUID id, String key, String serverSecret, String clientSecret) {
    }

    /**
     * A boolean flag: on → "true" for users in {@code segmentId} (when given) else fallthrough "false"; targets user
     * "vip" with "true".
     */
    public UUID booleanFlag(UUID envId, String key, Instant updatedAt, UUID segmentId) {
        UUID id = UUID.randomUUID();
        String rules = segmentId == null ? "[]"
                : "[{\"id\":\"r1\",\"name\":\"in segment\",\"dispatchKey\":null,\"includedInExpt\":false,\"conditions\":[{\"id\":\"c1\",\"property\":\"User is in segment\",\"op\":null,\"value\":\"[\\\"" + segmentId + "\\\"]\"}],\"variations\":[{\"id\":\"on\",\"rollout\":[0,1],\"exptRollout\":1}]}]";
        db.exec("""
                insert into feature_flags (id, env_id, revision, name, description, key, variation_type, variations, target_users, rules,
                  is_enabled, disabled_variation_id, fallthrough, expt_include_all_targets, tags, is_archived, created_at, updated_at, creator_id, updator_id)
                values (?, ?, ?, ?, '', ?, 'boolean',
                  '[{"id":"on","name":"on","value":"true"},{"id":"off","name":"off","value":"false"}]'::jsonb,
                  '[{"keyIds":["vip"],"variationId":"on"}]'::jsonb, ?::jsonb,
                  true, 'off', '{"dispatchKey":null,"includedInExpt":false,"variations":[{"id":"off","rollout":[0,1],"exptRollout":1}]}'::jsonb,
                  false, '{web}', false, ?, ?, ?, ?)""",
                id, envId, UUID.randomUUID(), key, key, rules, Timestamp.from(updatedAt), Timestamp.from(updatedAt), UUID.randomUUID(), UUID.randomUUID());
        return id;
    }

    /**
     * Any flag: {@code variations} as {@code id=value} pairs (the name is {@code "name-" + id}); the JSON arguments
     * are FeatBit's documents for target users, rules and fallthrough.
     */
    public UUID flag(UUID envId, String key, String variationType, String[] variations, String targetUsers, String rules,
                     boolean enabled, String disabledVariationId, String fallthrough, boolean archived, Instant updatedAt) {
        UUID id = UUID.randomUUID();
        StringBuilder vs = new StringBuilder("[");
        for (String v : variations) {
            int eq = v.indexOf('=');
            if (vs.length() > 1) {
                vs.append(',');
            }
            vs.append(io.toggleworks.core.json.Json.write(java.util.Map.of("id", v.substring(0, eq), "name", "name-" + v.substring(0, eq),
                    "value", v.substring(eq + 1))));
        }
        vs.append(']');
        db.exec("""
                insert into feature_flags (id, env_id, revision, name, description, key, variation_type, variations, target_users, rules,
                  is_enabled, disabled_variation_id, fallthrough, expt_include_all_targets, tags, is_archived, created_at, updated_at, creator_id, updator_id)
                values (?, ?, ?, ?, '', ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, false, '{}', ?, ?, ?, ?, ?)""",
                id, envId, UUID.randomUUID(), key, key, variationType, vs.toString(), targetUsers, rules, enabled, disabledVariationId,
                fallthrough, archived, Timestamp.from(updatedAt), Timestamp.from(updatedAt), UUID.randomUUID(), UUID.randomUUID());
        return id;
    }

    public void touchFlag(UUID id, Instant updatedAt, boolean enabled) {
        db.exec("update feature_flags set updated_at = ?, is_enabled = ?, revision = ? where id = ?", Timestamp.from(updatedAt), enabled, UUID.randomUUID(), id);
    }

    public UUID segment(UUID envId, String envKey, Instant updatedAt, String... included) {
        UUID id = UUID.randomUUID();
        db.exec("""
                insert into segments (id, workspace_id, env_id, name, key, type, scopes, description, included, excluded, rules, tags, is_archived, created_at, updated_at)
                values (?, ?, ?, 'beta', 'beta', 'environment-specific', ?, '', ?, '{}', '[]'::jsonb, '{}', false, ?, ?)""",
                id, workspace, envId, new String[]{"organization/org:project/proj:env/" + envKey}, included, Timestamp.from(updatedAt), Timestamp.from(updatedAt));
        return id;
    }

    public void setSegmentIncluded(UUID id, Instant updatedAt, String... included) {
        db.exec("update segments set included = ?, updated_at = ? where id = ?", included, Timestamp.from(updatedAt), id);
    }
}
