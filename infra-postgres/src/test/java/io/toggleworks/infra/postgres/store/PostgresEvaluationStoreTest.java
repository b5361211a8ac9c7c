package io.toggleworks.infra.postgres.store;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.EvaluationStoreProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresEvaluationStoreTest {
    static TestDatabase db;
    static EvaluationStore store;

    static final UUID WORKSPACE = UUID.randomUUID();
    static final UUID ORG = UUID.randomUUID();
    static final UUID PROJECT = UUID.randomUUID();
    static final UUID PROD = UUID.randomUUID();
    static final UUID PRODUCTION = UUID.randomUUID();
    static final String PROD_SERVER = EnvironmentSecret.create(PROD);
    static final String PROD_CLIENT = EnvironmentSecret.create(PROD);
    static final UUID FLAG_OLD = UUID.randomUUID();
    static final UUID FLAG_NEW = UUID.randomUUID();
    static final UUID FLAG_OTHER_ENV = UUID.randomUUID();
    // 1.2345 ms past a whole millisecond: truncation to ms must make "after T" strict on the truncated value.
    static final Instant OLD = Instant.parse("2024-01-01T00:00:00.0012345Z");
    static final Instant NEW = Instant.parse("2024-06-01T00:00:00.5Z");

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create();
        try (Connection c = db.connect()) {
            exec(c, "insert into workspaces (id, name, key, created_at, updated_at) values (?, 'w', 'w', now(), now())", WORKSPACE);
            exec(c, "insert into organizations (id, workspace_id, name, key, default_permissions, created_at, updated_at) values (?, ?, 'o', 'org', '{}', now(), now())", ORG, WORKSPACE);
            exec(c, "insert into projects (id, organization_id, name, key, created_at, updated_at) values (?, ?, 'p', 'proj', now(), now())", PROJECT, ORG);
            exec(c, "insert into environments (id, project_id, name, key, secrets, created_at, updated_at) values (?, ?, 'prod', 'prod', ?::jsonb, now(), now())",
                    PROD, PROJECT, "[{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"s\",\"type\":\"server\",\"value\":\"" + PROD_SERVER + "\"},"
                            + "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"c\",\"type\":\"client\",\"value\":\"" + PROD_CLIENT + "\"}]");
            exec(c, "insert into environments (id, project_id, name, key, secrets, created_at, updated_at) values (?, ?, 'production', 'production', '[]', now(), now())",
                    PRODUCTION, PROJECT);
            flag(c, FLAG_OLD, PROD, "old-flag", OLD);
            flag(c, FLAG_NEW, PROD, "new-flag", NEW);
            flag(c, FLAG_OTHER_ENV, PRODUCTION, "other", NEW);
            segment(c, UUID.fromString("00000000-0000-0000-0000-000000000001"), PROD, "environment-specific", new String[]{"organization/org:project/proj:env/prod"});
            segment(c, UUID.fromString("00000000-0000-0000-0000-000000000002"), PRODUCTION, "shared", new String[]{"organization/org:project/proj"});
            segment(c, UUID.fromString("00000000-0000-0000-0000-000000000003"), PRODUCTION, "shared", new String[]{"organization/org:project/proj:env/production"});
            segment(c, UUID.fromString("00000000-0000-0000-0000-000000000004"), PRODUCTION, "environment-specific", new String[]{});
        }
        EvaluationStoreProvider provider = ServiceLoader.load(EvaluationStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("Postgres")).findFirst().orElseThrow();
        store = provider.create(ProviderConfig.of(Map.of(
                "Postgres__ConnectionString", db.npgsqlConnectionString())));
    }

    @AfterAll
    static void tearDown() {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void flagsOfAnEnvironmentUpdatedStrictlyAfterTheTruncatedTimestamp() {
        assertThat(store.flagsUpdatedAfter(PROD, 0)).extracting(FeatureFlag::key).containsExactlyInAnyOrder("old-flag", "new-flag");
        long oldMs = OLD.toEpochMilli();
        assertThat(store.flagsUpdatedAfter(PROD, oldMs)).extracting(FeatureFlag::key).containsExactly("new-flag");
        assertThat(store.flagsUpdatedAfter(PROD, oldMs - 1)).extracting(FeatureFlag::key).containsExactlyInAnyOrder("old-flag", "new-flag");
        assertThat(store.flagsUpdatedAfter(PROD, NEW.toEpochMilli())).isEmpty();
    }

    @Test
    void flagDocumentsCarryTheirJsonColumns() {
        FeatureFlag f = store.flagsByIds(List.of(FLAG_NEW)).getFirst();
        assertThat(f.envId()).isEqualTo(PROD);
        assertThat(f.variations()).hasSize(2);
        assertThat(f.variations().getFirst().value()).isEqualTo("true");
        assertThat(f.fallthrough().variations().getFirst().rollout()).containsExactly(0.0, 1.0);
        assertThat(f.rules().getFirst().conditions().getFirst().op()).isEqualTo("Equal");
        assertThat(f.tags()).containsExactly("t1");
        assertThat(f.updatedAt()).isEqualTo(NEW);
        assertThat(store.flagsByIds(List.of(FLAG_OLD, FLAG_OTHER_ENV))).hasSize(2);
        assertThat(store.flagsByIds(List.of())).isEmpty();
    }

    @Test
    void segmentsVisibleToAnEnvironmentIncludeSharedOnesByScope() {
        List<Segment> prod = store.segmentsUpdatedAfter(PROD, 0);
        assertThat(prod).extracting(s -> s.id().toString()).containsExactlyInAnyOrder(
                "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002");
        assertThat(prod).allMatch(s -> s.envId().equals(PROD));
        List<Segment> production = store.segmentsUpdatedAfter(PRODUCTION, 0);
        assertThat(production).extracting(s -> s.id().toString()).containsExactlyInAnyOrder(
                "00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0000-000000000003", "00000000-0000-0000-0000-000000000004");
        assertThat(store.segmentsUpdatedAfter(PROD, Instant.now().toEpochMilli() + 60_000)).isEmpty();
        Segment one = store.segment(UUID.fromString("00000000-0000-0000-0000-000000000001")).orElseThrow();
        assertThat(one.included()).containsExactly("u1");
        assertThat(one.rules().getFirst().conditions().getFirst().property()).isEqualTo("country");
        assertThat(store.segment(UUID.randomUUID())).isEmpty();
    }

    @Test
    void secretsAreFoundByValueWithTheirType() {
        SecretRecord server = store.secret(PROD_SERVER).orElseThrow();
        assertThat(server.type()).isEqualTo(SecretType.SERVER);
        assertThat(server.envId()).isEqualTo(PROD);
        assertThat(server.envKey()).isEqualTo("prod");
        assertThat(server.projectKey()).isEqualTo("proj");
        assertThat(store.secret(PROD_CLIENT).orElseThrow().type()).isEqualTo(SecretType.CLIENT);
        // Well-formed and pointing at a real environment, but not one of its secrets.
        assertThat(store.secret(EnvironmentSecret.create(PROD))).isEmpty();
        assertThat(store.secret("not-a-secret")).isEmpty();
        assertThat(store.isAvailable()).isTrue();
    }

    private static void flag(Connection c, UUID id, UUID env, String key, Instant updatedAt) throws Exception {
        exec(c, """
                insert into feature_flags (id, env_id, revision, name, description, key, variation_type, variations, target_users, rules,
                  is_enabled, disabled_variation_id, fallthrough, expt_include_all_targets, tags, is_archived, created_at, updated_at, creator_id, updator_id)
                values (?, ?, ?, ?, '', ?, 'boolean',
                  '[{"id":"v1","name":"on","value":"true"},{"id":"v2","name":"off","value":"false"}]'::jsonb,
                  '[{"keyIds":["u1"],"variationId":"v1"}]'::jsonb,
                  '[{"id":"r1","name":"r","dispatchKey":null,"includedInExpt":true,"conditions":[{"id":"c1","property":"country","op":"Equal","value":"fr"}],"variations":[{"id":"v1","rollout":[0,1],"exptRollout":1}]}]'::jsonb,
                  true, 'v2', '{"dispatchKey":null,"includedInExpt":true,"variations":[{"id":"v2","rollout":[0,1],"exptRollout":1}]}'::jsonb,
                  true, '{t1}', false, ?, ?, ?, ?)""",
                id, env, UUID.randomUUID(), key, key, Timestamp.from(updatedAt), Timestamp.from(updatedAt), UUID.randomUUID(), UUID.randomUUID());
    }

    private static void segment(Connection c, UUID id, UUID env, String type, String[] scopes) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into segments (id, workspace_id, env_id, name, key, type, scopes, description, included, excluded, rules, tags, is_archived, created_at, updated_at)
                values (?, ?, ?, 'seg', ?, ?, ?, '', '{u1}', '{}',
                  '[{"id":"m1","name":"r","conditions":[{"id":"c","property":"country","op":"Equal","value":"fr"}]}]'::jsonb, '{}', false, now(), now())""")) {
            ps.setObject(1, id);
            ps.setObject(2, WORKSPACE);
            ps.setObject(3, env);
            // Keys are unique per environment (shared segments: per workspace), as the schema enforces.
            ps.setString(4, "seg-" + id.toString().substring(id.toString().length() - 4));
            ps.setString(5, type);
            ps.setArray(6, c.createArrayOf("text", scopes));
            ps.executeUpdate();
        }
    }

    private static void exec(Connection c, String sql, Object... args) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
