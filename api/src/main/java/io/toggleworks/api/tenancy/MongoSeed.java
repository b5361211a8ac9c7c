package io.toggleworks.api.tenancy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import io.toggleworks.api.db.OnMongoDb;
import io.toggleworks.api.iam.Policy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * FeatBit's seed on MongoDB (api.md §6.4), what PostgreSQL's {@code V2__builtin_policies_and_seed.sql} does: the
 * built-in policies with their fixed ids (§3.13) always, kept as they are when present; and on a database without
 * any user, the default workspace, {@code test@featbit.com} / {@code 123456}, organization {@code playground}, its
 * membership and the Owner member policy. Runs before the API takes requests.
 * <p>
 * No transactions: every write is an insert-if-absent ({@code $setOnInsert} upsert) by a fixed {@code _id}, so two
 * instances starting at once write the same documents once, and the user, whose absence triggers the seed, is
 * written last, so a start that failed half-way is completed by the next one.
 */
@Component
@OnMongoDb
public class MongoSeed implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(MongoSeed.class);
    static final String EMAIL = "test@featbit.com";
    /** ASP.NET Identity V3 hash of {@code 123456}, FeatBit's. */
    static final String PASSWORD_HASH = "AQAAAAEAACcQAAAAELDHEjCrDQrmnAXU5C//mOLvUBJ7lnVFEMMFxNMDIIrF7xK8JDQKUifU3HH4gexNAQ==";
    static final UUID WORKSPACE_ID = seedId("workspace");
    static final UUID USER_ID = seedId("user");
    static final UUID ORGANIZATION_ID = seedId("organization");

    private final MongoDatabase db;

    public MongoSeed(MongoDatabase db) {
        this.db = db;
    }

    @Override
    public void afterPropertiesSet() {
        try {
            seed();
        } catch (MongoException e) {
            // As with the schema: start anyway; readiness reports the database, and the next start seeds.
            log.warn("Could not seed the MongoDB database: {}", e.toString());
        }
    }

    /** Idempotent; safe to run from several instances at once. */
    public void seed() {
        builtInPolicies();
        if (db.getCollection("Users").find().limit(1).first() != null) {
            return;
        }
        log.info("Empty MongoDB database: creating FeatBit's seed (user {}, organization playground)", EMAIL);
        insertIfAbsent("Workspaces", new Document("_id", WORKSPACE_ID).append("name", "Default Workspace")
                .append("key", "default-workspace").append("license", null).append("sso", null));
        insertIfAbsent("Organizations", new Document("_id", ORGANIZATION_ID).append("workspaceId", WORKSPACE_ID)
                .append("name", "playground").append("key", "playground").append("initialized", false).append("license", null)
                .append("defaultPermissions", new Document("policyIds", new ArrayList<>(List.of(Policy.DEVELOPER)))
                        .append("groupIds", new ArrayList<>()))
                .append("settings", new Document("flagSortedBy", "created_at")));
        insertIfAbsent("WorkspaceUsers", new Document("_id", seedId("workspace-user")).append("workspaceId", WORKSPACE_ID)
                .append("userId", USER_ID));
        insertIfAbsent("OrganizationUsers", new Document("_id", seedId("organization-user"))
                .append("organizationId", ORGANIZATION_ID).append("userId", USER_ID).append("invitorId", null));
        insertIfAbsent("MemberPolicies", new Document("_id", seedId("member-policy")).append("organizationId", ORGANIZATION_ID)
                .append("memberId", USER_ID).append("policyId", Policy.OWNER));
        insertIfAbsent("Users", new Document("_id", USER_ID).append("name", "tester").append("email", EMAIL)
                .append("password", PASSWORD_HASH).append("origin", "Local").append("initialPassword", null));
    }

    private void builtInPolicies() {
        insertIfAbsent("Policies", policy(Policy.OWNER, "Owner", "owner",
                "Contains all permissions. This policy is granted to the user who created the organization",
                statement("0001", "*", List.of("*"), "*")));
        insertIfAbsent("Policies", policy(Policy.ADMINISTRATOR, "Administrator", "administrator",
                "Contains all the permissions required by an administrator",
                statement("0101", "organization", List.of("UpdateOrgSortFlagsBy", "UpdateOrgName",
                        "UpdateOrgDefaultUserPermissions", "CreateOrg"), "organization/*"),
                statement("0102", "iam", List.of("CanManageIAM"), "iam/*"),
                statement("0103", "access-token", List.of("ManageServiceAccessTokens", "ManagePersonalAccessTokens",
                        "ListAccessTokens"), "access-token/*"),
                statement("0104", "relay-proxy", List.of("ManageRelayProxies", "ListRelayProxies"), "relay-proxy/*"),
                statement("0105", "project", List.of("CanAccessProject", "CreateProject", "DeleteProject",
                        "UpdateProjectSettings", "CreateEnv"), "project/*"),
                statement("0106", "env", List.of("CanAccessEnv", "DeleteEnv", "UpdateEnvSettings", "CreateEnvSecret",
                        "DeleteEnvSecret", "UpdateEnvSecret"), "project/*:env/*"),
                statement("0107", "workspace", List.of("UpdateWorkspaceGeneralSettings", "UpdateWorkspaceLicense",
                        "UpdateWorkspaceSSOSettings"), "workspace/*"),
                statement("0108", "flag", List.of("*"), "project/*:env/*:flag/*"),
                statement("0109", "segment", List.of("*"), "project/*:env/*:segment/*")));
        insertIfAbsent("Policies", policy(Policy.DEVELOPER, "Developer", "developer",
                "Contains all the permissions required by a developer",
                statement("0201", "access-token", List.of("ManageServiceAccessTokens", "ManagePersonalAccessTokens",
                        "ListAccessTokens"), "access-token/*"),
                statement("0202", "relay-proxy", List.of("ManageRelayProxies", "ListRelayProxies"), "relay-proxy/*"),
                statement("0203", "project", List.of("CanAccessProject"), "project/*"),
                statement("0204", "env", List.of("CanAccessEnv"), "project/*:env/*"),
                statement("0205", "flag", List.of("*"), "project/*:env/*:flag/*"),
                statement("0206", "segment", List.of("*"), "project/*:env/*:segment/*")));
    }

    private static Document policy(UUID id, String name, String key, String description, Document... statements) {
        return new Document("_id", id).append("organizationId", null).append("name", name).append("key", key)
                .append("description", description).append("type", "SysManaged")
                .append("statements", new ArrayList<>(List.of(statements)));
    }

    /** The statement ids of the PostgreSQL migration, so both databases hold the same policies. */
    private static Document statement(String suffix, String resourceType, List<String> actions, String resource) {
        return new Document("_id", "1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b" + suffix).append("resourceType", resourceType)
                .append("effect", "allow").append("actions", new ArrayList<>(actions))
                .append("resources", new ArrayList<>(List.of(resource)));
    }

    private void insertIfAbsent(String collection, Document doc) {
        Date now = new Date();
        MongoCollection<Document> c = db.getCollection(collection);
        Document fields = new Document(doc).append("createdAt", now).append("updatedAt", now);
        fields.remove("_id"); // the upsert takes it from the filter
        try {
            c.updateOne(Filters.eq("_id", doc.get("_id")), new Document("$setOnInsert", fields), new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            // Two upserts of the same _id at once: the other instance inserted it, which is all we wanted.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** A fixed id per seeded document (the same in every database), so concurrent seeds collide on {@code _id}. */
    private static UUID seedId(String what) {
        return UUID.nameUUIDFromBytes(("toggleworks:featbit-seed:" + what).getBytes(StandardCharsets.UTF_8));
    }
}
