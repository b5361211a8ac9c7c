package io.toggleworks.infra.postgres.store;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.testkit.store.EvaluationStoreConformanceTest;
import io.toggleworks.testkit.store.StoreSeed;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.EvaluationStoreProvider;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;

/** The store conformance suite on FeatBit's PostgreSQL schema, through the {@code DbProvider=Postgres} provider. */
class PostgresEvaluationStoreConformanceTest extends EvaluationStoreConformanceTest {
    private TestDatabase db;

    @Override
    protected void seed(StoreSeed seed) throws Exception {
        db = TestDatabase.create();
        Set<UUID> written = new HashSet<>();
        try (Connection c = db.connect()) {
            for (StoreSeed.Environment e : seed.environments()) {
                if (written.add(e.workspaceId())) {
                    exec(c, "insert into workspaces (id, name, key, created_at, updated_at) values (?, 'w', ?, now(), now())",
                            e.workspaceId(), "w-" + e.workspaceId());
                }
                if (written.add(e.organizationId())) {
                    exec(c, "insert into organizations (id, workspace_id, name, key, default_permissions, created_at, updated_at)"
                            + " values (?, ?, ?, ?, '{}', now(), now())", e.organizationId(), e.workspaceId(), e.organizationKey(), e.organizationKey());
                }
                if (written.add(e.projectId())) {
                    exec(c, "insert into projects (id, organization_id, name, key, created_at, updated_at) values (?, ?, ?, ?, now(), now())",
                            e.projectId(), e.organizationId(), e.projectKey(), e.projectKey());
                }
                exec(c, "insert into environments (id, project_id, name, key, secrets, created_at, updated_at) values (?, ?, ?, ?, ?::jsonb, now(), now())",
                        e.id(), e.projectId(), e.key(), e.key(), Json.write(e.secrets()));
            }
            for (FeatureFlag f : seed.flags()) {
                exec(c, """
                        insert into feature_flags (id, env_id, revision, name, description, key, variation_type, variations, target_users, rules,
                          is_enabled, disabled_variation_id, fallthrough, expt_include_all_targets, tags, is_archived, created_at, updated_at,
                          creator_id, updator_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)""",
                        f.id(), f.envId(), f.revision(), f.name(), f.description(), f.key(), f.variationType(),
                        Json.write(f.variations()), Json.write(f.targetUsers()), Json.write(f.rules()), f.isEnabled(),
                        f.disabledVariationId(), Json.write(f.fallthrough()), f.exptIncludeAllTargets(),
                        c.createArrayOf("text", f.tags().toArray()), f.isArchived(), at(f.createdAt()), at(f.updatedAt()),
                        f.creatorId(), f.updatorId());
            }
            for (StoreSeed.SeedSegment seeded : seed.segments()) {
                Segment s = seeded.segment();
                exec(c, """
                        insert into segments (id, workspace_id, env_id, name, key, type, scopes, description, included, excluded, rules, tags,
                          is_archived, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)""",
                        s.id(), seeded.workspaceId(), s.envId(), s.name(), s.key(), seeded.type(),
                        c.createArrayOf("text", seeded.scopes().toArray()), s.description(),
                        c.createArrayOf("text", s.included().toArray()), c.createArrayOf("text", s.excluded().toArray()),
                        Json.write(s.rules()), c.createArrayOf("text", s.tags().toArray()), s.isArchived(),
                        at(s.createdAt()), at(s.updatedAt()));
            }
        }
    }

    @Override
    protected EvaluationStore openStore() {
        return provider().create(ProviderConfig.of(Map.of(
                "Postgres__ConnectionString", db.npgsqlConnectionString())));
    }

    @Override
    protected Optional<EvaluationStore> openUnreachableStore() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        return Optional.of(provider().create(ProviderConfig.of(Map.of(
                "Postgres__ConnectionString", "Host=127.0.0.1;Port=" + closedPort + ";Username=postgres;Database=featbit"))));
    }

    @Override
    protected void cleanUp() {
        if (db != null) {
            db.close();
        }
    }

    private static EvaluationStoreProvider provider() {
        return ServiceLoader.load(EvaluationStoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("Postgres")).findFirst().orElseThrow();
    }

    private static Object at(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
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
