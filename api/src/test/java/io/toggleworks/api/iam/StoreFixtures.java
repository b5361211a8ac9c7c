package io.toggleworks.api.iam;

import com.mongodb.client.MongoDatabase;
import io.toggleworks.api.accesstokens.AccessTokenStore;
import io.toggleworks.api.accesstokens.MongoAccessTokenStore;
import io.toggleworks.api.accesstokens.PostgresAccessTokenStore;
import io.toggleworks.api.auditlog.AuditLogStore;
import io.toggleworks.api.auditlog.MongoAuditLogStore;
import io.toggleworks.api.auditlog.PostgresAuditLogStore;
import io.toggleworks.api.db.JsonColumns;
import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.db.StoreFixture.Json;
import io.toggleworks.api.testing.StoreBackends;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The stores of the IAM, access token and audit log areas on one back end, with what their suites arrange and
 * check beside the stores (users, memberships, projects, raw token values), written once through {@link StoreFixture}
 * (PostgreSQL names; FeatBit's on MongoDB).
 */
public record StoreFixtures(StoreFixture rows, PolicyStore policies, GroupStore groups, MemberStore members,
        MemberPolicyStore links, ResourceStore resources, AccessTokenStore tokens, AuditLogStore audit) {

    public static StoreFixtures postgres(ExtensionContext context) {
        JdbcClient jdbc = StoreBackends.of(context).postgres();
        JsonColumns json = new JsonColumns(io.toggleworks.core.json.Json.mapper());
        return new StoreFixtures(StoreFixture.postgres(jdbc), new PostgresPolicyStore(jdbc, json), new PostgresGroupStore(jdbc),
                new PostgresMemberStore(jdbc), new PostgresMemberPolicyStore(jdbc), new PostgresResourceStore(jdbc),
                new PostgresAccessTokenStore(jdbc, json), new PostgresAuditLogStore(jdbc));
    }

    public static StoreFixtures mongo(ExtensionContext context) {
        MongoDatabase db = StoreBackends.of(context).newMongo();
        return new StoreFixtures(StoreFixture.mongo(db), new MongoPolicyStore(db), new MongoGroupStore(db), new MongoMemberStore(db),
                new MongoMemberPolicyStore(db), new MongoResourceStore(db), new MongoAccessTokenStore(db), new MongoAuditLogStore(db));
    }

    public void organization(UUID id, UUID workspaceId, String name, String key) {
        rows.insert("organizations", stamped("id", id, "workspace_id", workspaceId, "name", name, "key", key,
                "initialized", true, "default_permissions", new Json("{}")));
    }

    public void user(UUID id, String email, String name, String initialPassword) {
        rows.insert("users", stamped("id", id, "name", name, "email", email, "password", "", "origin", "Local",
                "initial_password", initialPassword));
    }

    public void organizationUser(UUID organizationId, UUID userId, UUID invitorId, Instant createdAt) {
        rows.insert("organization_users", row("id", UUID.randomUUID(), "organization_id", organizationId, "user_id", userId,
                "invitor_id", invitorId, "created_at", createdAt, "updated_at", createdAt));
    }

    public void workspaceUser(UUID workspaceId, UUID userId) {
        rows.insert("workspace_users", stamped("id", UUID.randomUUID(), "workspace_id", workspaceId, "user_id", userId));
    }

    public void refreshToken(UUID userId) {
        rows.insert("refresh_tokens", stamped("id", UUID.randomUUID(), "token", UUID.randomUUID().toString(),
                "user_id", userId, "is_revoked", false, "expires_at", Instant.now().plus(Duration.ofDays(1))));
    }

    public boolean userExists(UUID id) {
        return rows.count("users", "id", id) > 0;
    }

    public long refreshTokens(UUID userId) {
        return rows.count("refresh_tokens", "user_id", userId);
    }

    public long workspaceMemberships(UUID userId) {
        return rows.count("workspace_users", "user_id", userId);
    }

    public void project(UUID id, UUID organizationId, String name, String key) {
        rows.insert("projects", stamped("id", id, "organization_id", organizationId, "name", name, "key", key));
    }

    public void env(UUID id, UUID projectId, String name, String key) {
        rows.insert("environments", stamped("id", id, "project_id", projectId, "name", name, "key", key));
    }

    /** A token row as FeatBit writes it: the plain token, never used. */
    public void plainToken(UUID id, UUID organizationId, String name, String raw, UUID creatorId) {
        rows.insert("access_tokens", stamped("id", id, "organization_id", organizationId, "name", name, "type", "Personal",
                "status", "Active", "token", raw, "creator_id", creatorId, "permissions", new Json("[]"), "last_used_at", null));
    }

    public String storedToken(UUID id) {
        return (String) rows.value("access_tokens", "id", id, "token").orElseThrow();
    }

    public void lastUsedAt(UUID tokenId, Instant at) {
        rows.update("access_tokens", "id", tokenId, "last_used_at", at);
    }

    public void auditCreatedAt(String refId, Instant at) {
        rows.update("audit_logs", "ref_id", refId, "created_at", at);
    }

    public void auditRefId(String refId, String newRefId) {
        rows.update("audit_logs", "ref_id", refId, "ref_id", newRefId);
    }

    /** Columns and values, alternately, in that order; values may be null. */
    private static Map<String, Object> row(Object... columnsAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }

    /** {@link #row} with {@code created_at} and {@code updated_at} now. */
    private static Map<String, Object> stamped(Object... columnsAndValues) {
        Instant now = Instant.now();
        Map<String, Object> row = row(columnsAndValues);
        row.put("created_at", now);
        row.put("updated_at", now);
        return row;
    }
}
