package io.toggleworks.api.iam;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.accesstokens.AccessTokenStore;
import io.toggleworks.api.accesstokens.MongoAccessTokenStore;
import io.toggleworks.api.accesstokens.PostgresAccessTokenStore;
import io.toggleworks.api.auditlog.AuditLogStore;
import io.toggleworks.api.auditlog.MongoAuditLogStore;
import io.toggleworks.api.auditlog.PostgresAuditLogStore;
import io.toggleworks.api.db.JsonColumns;
import io.toggleworks.api.db.Rows;
import io.toggleworks.api.testing.StoreBackends;
import io.toggleworks.core.json.Json;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The stores of the IAM, access token and audit log areas on one back end, with what their suites arrange and
 * check beside the stores (users, memberships, projects, raw token values), written as each database holds them.
 */
public abstract class StoreFixtures {
    public abstract PolicyStore policies();

    public abstract GroupStore groups();

    public abstract MemberStore members();

    public abstract MemberPolicyStore links();

    public abstract ResourceStore resources();

    public abstract AccessTokenStore tokens();

    public abstract AuditLogStore audit();

    public abstract void organization(UUID id, UUID workspaceId, String name, String key);

    public abstract void user(UUID id, String email, String name, String initialPassword);

    public abstract void organizationUser(UUID organizationId, UUID userId, UUID invitorId, Instant createdAt);

    public abstract void workspaceUser(UUID workspaceId, UUID userId);

    public abstract void refreshToken(UUID userId);

    public abstract boolean userExists(UUID id);

    public abstract long refreshTokens(UUID userId);

    public abstract long workspaceMemberships(UUID userId);

    public abstract void project(UUID id, UUID organizationId, String name, String key);

    public abstract void env(UUID id, UUID projectId, String name, String key);

    /** A token row as FeatBit writes it: the plain token. */
    public abstract void plainToken(UUID id, UUID organizationId, String name, String raw, UUID creatorId);

    public abstract String storedToken(UUID id);

    public abstract void lastUsedAt(UUID tokenId, Instant at);

    public abstract void auditCreatedAt(String refId, Instant at);

    public abstract void auditRefId(String refId, String newRefId);

    public static StoreFixtures postgres(ExtensionContext context) {
        return new Postgres(StoreBackends.of(context).postgres());
    }

    public static StoreFixtures mongo(ExtensionContext context) {
        return new Mongo(StoreBackends.of(context).newMongo());
    }

    static final class Postgres extends StoreFixtures {
        private final JdbcClient jdbc;
        private final PolicyStore policies;
        private final GroupStore groups;
        private final MemberStore members;
        private final MemberPolicyStore links;
        private final ResourceStore resources;
        private final AccessTokenStore tokens;
        private final AuditLogStore audit;

        Postgres(JdbcClient jdbc) {
            this.jdbc = jdbc;
            JsonColumns json = new JsonColumns(Json.mapper());
            policies = new PostgresPolicyStore(jdbc, json);
            groups = new PostgresGroupStore(jdbc);
            members = new PostgresMemberStore(jdbc);
            links = new PostgresMemberPolicyStore(jdbc);
            resources = new PostgresResourceStore(jdbc);
            tokens = new PostgresAccessTokenStore(jdbc, json);
            audit = new PostgresAuditLogStore(jdbc);
        }

        @Override public PolicyStore policies() { return policies; }
        @Override public GroupStore groups() { return groups; }
        @Override public MemberStore members() { return members; }
        @Override public MemberPolicyStore links() { return links; }
        @Override public ResourceStore resources() { return resources; }
        @Override public AccessTokenStore tokens() { return tokens; }
        @Override public AuditLogStore audit() { return audit; }

        @Override
        public void organization(UUID id, UUID workspaceId, String name, String key) {
            jdbc.sql("insert into organizations (id, workspace_id, name, key, default_permissions, created_at, updated_at) "
                            + "values (:id, :w, :n, :k, '{}'::jsonb, now(), now())")
                    .param("id", id).param("w", workspaceId).param("n", name).param("k", key).update();
        }

        @Override
        public void user(UUID id, String email, String name, String initialPassword) {
            jdbc.sql("insert into users (id, name, email, password, origin, initial_password, created_at, updated_at) "
                            + "values (:id, :n, :e, '', 'Local', :p, now(), now())")
                    .param("id", id).param("n", name).param("e", email).param("p", initialPassword).update();
        }

        @Override
        public void organizationUser(UUID organizationId, UUID userId, UUID invitorId, Instant createdAt) {
            jdbc.sql("insert into organization_users (id, organization_id, user_id, invitor_id, created_at, updated_at) "
                            + "values (:id, :o, :u, :i, :c, :c)")
                    .param("id", UUID.randomUUID()).param("o", organizationId).param("u", userId).param("i", invitorId)
                    .param("c", Rows.utc(createdAt)).update();
        }

        @Override
        public void workspaceUser(UUID workspaceId, UUID userId) {
            jdbc.sql("insert into workspace_users (id, workspace_id, user_id, created_at, updated_at) values (:id, :w, :u, now(), now())")
                    .param("id", UUID.randomUUID()).param("w", workspaceId).param("u", userId).update();
        }

        @Override
        public void refreshToken(UUID userId) {
            jdbc.sql("insert into refresh_tokens (token, user_id, expires_at, updated_at) values (:t, :u, now() + interval '1 day', now())")
                    .param("t", UUID.randomUUID().toString()).param("u", userId).update();
        }

        @Override
        public boolean userExists(UUID id) {
            return jdbc.sql("select count(*) from users where id = :id").param("id", id).query(Long.class).single() > 0;
        }

        @Override
        public long refreshTokens(UUID userId) {
            return jdbc.sql("select count(*) from refresh_tokens where user_id = :u").param("u", userId).query(Long.class).single();
        }

        @Override
        public long workspaceMemberships(UUID userId) {
            return jdbc.sql("select count(*) from workspace_users where user_id = :u").param("u", userId).query(Long.class).single();
        }

        @Override
        public void project(UUID id, UUID organizationId, String name, String key) {
            jdbc.sql("insert into projects (id, organization_id, name, key, created_at, updated_at) values (:id, :o, :n, :k, now(), now())")
                    .param("id", id).param("o", organizationId).param("n", name).param("k", key).update();
        }

        @Override
        public void env(UUID id, UUID projectId, String name, String key) {
            jdbc.sql("insert into environments (id, project_id, name, key, created_at, updated_at) values (:id, :p, :n, :k, now(), now())")
                    .param("id", id).param("p", projectId).param("n", name).param("k", key).update();
        }

        @Override
        public void plainToken(UUID id, UUID organizationId, String name, String raw, UUID creatorId) {
            jdbc.sql("insert into access_tokens (id, organization_id, name, type, status, token, creator_id, permissions, created_at, updated_at) "
                            + "values (:id, :o, :n, 'Personal', 'Active', :t, :c, '[]'::jsonb, now(), now())")
                    .param("id", id).param("o", organizationId).param("n", name).param("t", raw).param("c", creatorId).update();
        }

        @Override
        public String storedToken(UUID id) {
            return jdbc.sql("select token from access_tokens where id = :id").param("id", id).query(String.class).single();
        }

        @Override
        public void lastUsedAt(UUID tokenId, Instant at) {
            jdbc.sql("update access_tokens set last_used_at = :a where id = :id").param("a", Rows.utc(at)).param("id", tokenId).update();
        }

        @Override
        public void auditCreatedAt(String refId, Instant at) {
            jdbc.sql("update audit_logs set created_at = :a where ref_id = :r").param("a", Rows.utc(at)).param("r", refId).update();
        }

        @Override
        public void auditRefId(String refId, String newRefId) {
            jdbc.sql("update audit_logs set ref_id = :n where ref_id = :r").param("n", newRefId).param("r", refId).update();
        }
    }

    static final class Mongo extends StoreFixtures {
        private final MongoDatabase db;
        private final PolicyStore policies;
        private final GroupStore groups;
        private final MemberStore members;
        private final MemberPolicyStore links;
        private final ResourceStore resources;
        private final AccessTokenStore tokens;
        private final AuditLogStore audit;

        Mongo(MongoDatabase db) {
            this.db = db;
            policies = new MongoPolicyStore(db);
            groups = new MongoGroupStore(db);
            members = new MongoMemberStore(db);
            links = new MongoMemberPolicyStore(db);
            resources = new MongoResourceStore(db);
            tokens = new MongoAccessTokenStore(db);
            audit = new MongoAuditLogStore(db);
        }

        @Override public PolicyStore policies() { return policies; }
        @Override public GroupStore groups() { return groups; }
        @Override public MemberStore members() { return members; }
        @Override public MemberPolicyStore links() { return links; }
        @Override public ResourceStore resources() { return resources; }
        @Override public AccessTokenStore tokens() { return tokens; }
        @Override public AuditLogStore audit() { return audit; }

        private static Date now() {
            return new Date();
        }

        @Override
        public void organization(UUID id, UUID workspaceId, String name, String key) {
            db.getCollection("Organizations").insertOne(new Document("_id", id).append("workspaceId", workspaceId).append("name", name)
                    .append("key", key).append("initialized", true).append("createdAt", now()).append("updatedAt", now()));
        }

        @Override
        public void user(UUID id, String email, String name, String initialPassword) {
            db.getCollection("Users").insertOne(new Document("_id", id).append("name", name).append("email", email)
                    .append("password", "").append("origin", "Local").append("initialPassword", initialPassword)
                    .append("createdAt", now()).append("updatedAt", now()));
        }

        @Override
        public void organizationUser(UUID organizationId, UUID userId, UUID invitorId, Instant createdAt) {
            db.getCollection("OrganizationUsers").insertOne(new Document("_id", UUID.randomUUID()).append("organizationId", organizationId)
                    .append("userId", userId).append("invitorId", invitorId).append("createdAt", Date.from(createdAt))
                    .append("updatedAt", Date.from(createdAt)));
        }

        @Override
        public void workspaceUser(UUID workspaceId, UUID userId) {
            db.getCollection("WorkspaceUsers").insertOne(new Document("_id", UUID.randomUUID()).append("workspaceId", workspaceId)
                    .append("userId", userId).append("createdAt", now()).append("updatedAt", now()));
        }

        @Override
        public void refreshToken(UUID userId) {
            db.getCollection("RefreshTokens").insertOne(new Document("_id", UUID.randomUUID()).append("token", UUID.randomUUID().toString())
                    .append("userId", userId).append("isRevoked", false).append("createdAt", now()).append("updatedAt", now()));
        }

        @Override
        public boolean userExists(UUID id) {
            return db.getCollection("Users").countDocuments(eq("_id", id)) > 0;
        }

        @Override
        public long refreshTokens(UUID userId) {
            return db.getCollection("RefreshTokens").countDocuments(eq("userId", userId));
        }

        @Override
        public long workspaceMemberships(UUID userId) {
            return db.getCollection("WorkspaceUsers").countDocuments(eq("userId", userId));
        }

        @Override
        public void project(UUID id, UUID organizationId, String name, String key) {
            db.getCollection("Projects").insertOne(new Document("_id", id).append("organizationId", organizationId).append("name", name)
                    .append("key", key).append("createdAt", now()).append("updatedAt", now()));
        }

        @Override
        public void env(UUID id, UUID projectId, String name, String key) {
            db.getCollection("Environments").insertOne(new Document("_id", id).append("projectId", projectId).append("name", name)
                    .append("key", key).append("createdAt", now()).append("updatedAt", now()));
        }

        @Override
        public void plainToken(UUID id, UUID organizationId, String name, String raw, UUID creatorId) {
            db.getCollection("AccessTokens").insertOne(new Document("_id", id).append("organizationId", organizationId).append("name", name)
                    .append("type", "Personal").append("status", "Active").append("token", raw).append("creatorId", creatorId)
                    .append("permissions", java.util.List.of()).append("lastUsedAt", null).append("createdAt", now())
                    .append("updatedAt", now()));
        }

        @Override
        public String storedToken(UUID id) {
            return Optional.ofNullable(db.getCollection("AccessTokens").find(eq("_id", id)).first()).map(d -> d.getString("token")).orElseThrow();
        }

        @Override
        public void lastUsedAt(UUID tokenId, Instant at) {
            db.getCollection("AccessTokens").updateOne(eq("_id", tokenId), Updates.set("lastUsedAt", Date.from(at)));
        }

        @Override
        public void auditCreatedAt(String refId, Instant at) {
            db.getCollection("AuditLogs").updateMany(eq("refId", refId), Updates.set("createdAt", Date.from(at)));
        }

        @Override
        public void auditRefId(String refId, String newRefId) {
            db.getCollection("AuditLogs").updateMany(eq("refId", refId), Updates.set("refId", newRefId));
        }
    }
}
