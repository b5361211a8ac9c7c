package io.toggleworks.benchmarks.load;

import io.toggleworks.core.json.Json;
import io.toggleworks.core.secret.EnvironmentSecret;
import org.flywaydb.core.Flyway;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away database on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust), dropped on close. With
 * {@link #migrate()} it has FeatBit's schema (the project's Flyway migrations); {@link #seedEnvironment} writes one
 * environment with the first n fixture flags (the JMH fixtures, {@code fixtures/flags.json}) and both segments.
 */
final class BenchDatabase implements AutoCloseable {
    private static final String HOST = System.getenv().getOrDefault("BENCH_PG_HOST", "127.0.0.1");
    private static final String ADMIN_URL = "jdbc:postgresql://" + HOST + ":5432/postgres";
    final String name = "tw_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    final String url = "jdbc:postgresql://" + HOST + ":5432/" + name;

    /** The seeded environment: ids, secrets and the flag documents as FeatBit's JSON (envId rewritten). */
    record Env(UUID id, String serverSecret, String clientSecret, List<ObjectNode> flags) {
    }

    private BenchDatabase() {
    }

    static BenchDatabase create() {
        BenchDatabase db = new BenchDatabase();
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("create database " + db.name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":5432 (user postgres, trust) is required: " + e.getMessage(), e);
        }
        return db;
    }

    BenchDatabase migrate() {
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration/postgresql").load().migrate();
        return this;
    }

    /** FeatBit's Npgsql form, as operators set {@code Postgres__ConnectionString}. */
    String connectionString() {
        return "Host=" + HOST + ";Port=5432;Username=postgres;Database=" + name;
    }

    Env seedEnvironment(int flagCount) {
        UUID workspace = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID envId = UUID.randomUUID();
        exec("insert into workspaces (id, name, key, created_at, updated_at) values (?, 'bench', 'bench', now(), now())", workspace);
        exec("insert into organizations (id, workspace_id, name, key, default_permissions, created_at, updated_at) values (?, ?, 'bench', 'bench', '{}', now(), now())", org, workspace);
        exec("insert into projects (id, organization_id, name, key, created_at, updated_at) values (?, ?, 'bench', 'bench', now(), now())", project, org);
        String server = EnvironmentSecret.create(envId);
        String client = EnvironmentSecret.create(envId);
        exec("insert into environments (id, project_id, name, key, secrets, created_at, updated_at) values (?, ?, 'prod', 'prod', ?::jsonb, now(), now())",
                envId, project, "[{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"server\",\"type\":\"server\",\"value\":\"" + server + "\"},"
                        + "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"client\",\"type\":\"client\",\"value\":\"" + client + "\"}]");
        JsonNode fixtures = fixture("/fixtures/flags.json").get("data");
        // An hour old, so a change pushed by a benchmark is always newer.
        Timestamp when = Timestamp.from(Instant.now().minusSeconds(3600));
        for (JsonNode s : fixtures.get("segments")) {
            exec("""
                    insert into segments (id, workspace_id, env_id, name, key, type, scopes, description, included, excluded, rules, tags, is_archived, created_at, updated_at)
                    values (?, ?, ?, ?, ?, 'environment-specific', '{}', ?, ?, ?, ?::jsonb, '{}', false, ?, ?)""",
                    UUID.fromString(s.get("id").asString()), workspace, envId, s.get("name").asString(), s.get("key").asString(), s.get("description").asString(),
                    texts(s.get("included")), texts(s.get("excluded")), Json.write(s.get("rules")), when, when);
        }
        List<ObjectNode> flags = new ArrayList<>();
        for (JsonNode f : fixtures.get("featureFlags")) {
            if (flags.size() == flagCount) {
                break;
            }
            ObjectNode flag = (ObjectNode) f.deepCopy();
            flag.put("id", UUID.randomUUID().toString());
            flag.put("envId", envId.toString());
            flag.put("createdAt", when.toInstant().toString());
            flag.put("updatedAt", when.toInstant().toString());
            exec("""
                    insert into feature_flags (id, env_id, revision, name, description, key, variation_type, variations, target_users, rules,
                      is_enabled, disabled_variation_id, fallthrough, expt_include_all_targets, tags, is_archived, created_at, updated_at, creator_id, updator_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?, ?, false, ?, ?, ?, ?)""",
                    UUID.fromString(flag.get("id").asString()), envId, UUID.fromString(flag.get("revision").asString()), flag.get("name").asString(),
                    flag.get("description").asString(), flag.get("key").asString(), flag.get("variationType").asString(),
                    Json.write(flag.get("variations")), Json.write(flag.get("targetUsers")), Json.write(flag.get("rules")),
                    flag.get("isEnabled").booleanValue(), flag.get("disabledVariationId").asString(), Json.write(flag.get("fallthrough")),
                    flag.get("exptIncludeAllTargets").booleanValue(), texts(flag.get("tags")), when, when,
                    UUID.fromString(flag.get("creatorId").asString()), UUID.fromString(flag.get("updatorId").asString()));
            flags.add(flag);
        }
        return new Env(envId, server, client, flags);
    }

    /** Writes a changed flag as the API does before it publishes it (the row, then the message). */
    void updateFlag(ObjectNode flag) {
        exec("update feature_flags set is_enabled = ?, revision = ?, updated_at = ? where id = ?", flag.get("isEnabled").booleanValue(),
                UUID.fromString(flag.get("revision").asString()), Timestamp.from(Instant.parse(flag.get("updatedAt").asString())),
                UUID.fromString(flag.get("id").asString()));
    }

    static JsonNode fixture(String resource) {
        try (InputStream in = BenchDatabase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return Json.tree(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asString()));
        }
        return out.toArray(String[]::new);
    }

    void exec(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof String[] arr) {
                    ps.setArray(i + 1, c.createArrayOf("text", arr));
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            System.err.println("could not drop " + name + ": " + e.getMessage());
        }
    }
}
