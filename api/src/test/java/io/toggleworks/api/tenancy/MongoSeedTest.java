package io.toggleworks.api.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.iam.Policy;
import io.toggleworks.api.identity.MongoUserStore;
import io.toggleworks.api.identity.PasswordHasher;
import io.toggleworks.api.identity.User;
import io.toggleworks.api.security.MongoTenantMembership;
import io.toggleworks.api.testing.StoreBackends;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** FeatBit's seed on an empty MongoDB database: the same data as PostgreSQL's migration, once, whatever happens. */
class MongoSeedTest {
    private static StoreBackends backends;

    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> backends = StoreBackends.of(context);

    static final List<String> SEEDED = List.of("Workspaces", "Users", "WorkspaceUsers", "Organizations",
            "OrganizationUsers", "MemberPolicies", "Policies");

    @Test
    void anEmptyDatabaseGetsTheUserItsWorkspaceAndPlayground() {
        MongoDatabase db = backends.newMongo();
        new MongoSeed(db).seed();

        User user = new MongoUserStore(db).findByEmail("test@featbit.com").orElseThrow();
        assertThat(PasswordHasher.verify(user.password(), "123456")).isTrue();
        assertThat(user.name()).isEqualTo("tester");
        assertThat(user.origin()).isEqualTo(User.LOCAL);
        List<Workspace> workspaces = new MongoWorkspaceStore(db, JsonMapper.builder().build()).ofUser(user.id());
        assertThat(workspaces).extracting(Workspace::key).containsExactly("default-workspace");
        assertThat(workspaces.get(0).name()).isEqualTo("Default Workspace");
        List<Organization> orgs = new MongoOrganizationStore(db).ofUser(user.id(), Optional.of(workspaces.get(0).id()));
        assertThat(orgs).hasSize(1);
        Organization playground = orgs.get(0);
        assertThat(playground.name()).isEqualTo("playground");
        assertThat(playground.key()).isEqualTo("playground");
        assertThat(playground.initialized()).isFalse();
        assertThat(playground.defaultPermissions().policyIds()).containsExactly(Policy.DEVELOPER);
        assertThat(playground.settings().flagSortedBy()).isEqualTo("created_at");
        var membership = new MongoTenantMembership(db);
        assertThat(membership.inWorkspace(user.id(), workspaces.get(0).id())).isTrue();
        assertThat(membership.inOrganization(user.id(), playground.id())).isTrue();
        Document owner = db.getCollection("MemberPolicies").find(Filters.eq("memberId", user.id())).first();
        assertThat(owner.get("policyId")).isEqualTo(Policy.OWNER);
        assertThat(owner.get("organizationId")).isEqualTo(playground.id());
        assertThat(db.getCollection("Policies").countDocuments()).isEqualTo(3);
        assertThat(db.getCollection("Projects").countDocuments()).isZero();
    }

    @Test
    void theBuiltInPoliciesAreThoseOfThePostgresMigration() {
        MongoDatabase db = backends.newMongo();
        new MongoSeed(db).seed();
        JsonMapper json = JsonMapper.builder().build();
        for (UUID id : List.of(Policy.OWNER, Policy.ADMINISTRATOR, Policy.DEVELOPER)) {
            Map<String, Object> pg = backends.postgres().sql(
                            "select name, key, description, type, organization_id, statements::text as statements from policies where id = :id")
                    .param("id", id).query().singleRow();
            Document mongo = db.getCollection("Policies").find(Filters.eq("_id", id)).first();
            assertThat(mongo.getString("name")).isEqualTo(pg.get("name"));
            assertThat(mongo.getString("key")).isEqualTo(pg.get("key"));
            assertThat(mongo.getString("description")).isEqualTo(pg.get("description"));
            assertThat(mongo.getString("type")).isEqualTo(pg.get("type"));
            assertThat(mongo.get("organizationId")).isNull();
            assertThat(mongo.containsKey("organizationId")).isTrue();
            List<Map<String, Object>> statements = new ArrayList<>();
            for (Document s : mongo.getList("statements", Document.class)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.get("_id"));
                s.forEach((k, v) -> {
                    if (!"_id".equals(k)) {
                        m.put(k, v);
                    }
                });
                statements.add(m);
            }
            JsonNode expected = json.readTree((String) pg.get("statements"));
            JsonNode actual = json.valueToTree(statements);
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void seedingAgainOrFromSeveralInstancesAtOnceWritesEverythingOnce() throws Exception {
        MongoDatabase db = backends.newMongo();
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(() -> {
                    new MongoSeed(db).seed();
                    return null;
                });
            }
            for (var f : pool.invokeAll(starts)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        new MongoSeed(db).seed();
        assertThat(counts(db)).isEqualTo(Map.of("Workspaces", 1L, "Users", 1L, "WorkspaceUsers", 1L,
                "Organizations", 1L, "OrganizationUsers", 1L, "MemberPolicies", 1L, "Policies", 3L));
    }

    @Test
    void aSeedThatStoppedHalfWayIsCompletedByTheNextStart() {
        MongoDatabase db = backends.newMongo();
        new MongoSeed(db).seed();
        // As if the first start had died before its last writes: the user (written last) and a membership are missing.
        db.getCollection("Users").deleteMany(new Document());
        db.getCollection("OrganizationUsers").deleteMany(new Document());
        new MongoSeed(db).seed();
        assertThat(counts(db)).isEqualTo(Map.of("Workspaces", 1L, "Users", 1L, "WorkspaceUsers", 1L,
                "Organizations", 1L, "OrganizationUsers", 1L, "MemberPolicies", 1L, "Policies", 3L));
    }

    @Test
    void aDatabaseInUseGetsOnlyTheMissingBuiltInPoliciesAndKeepsItsOwn() {
        MongoDatabase db = backends.newMongo();
        db.getCollection("Users").insertOne(new Document("_id", UUID.randomUUID()).append("email", "someone@example.com"));
        db.getCollection("Policies").insertOne(new Document("_id", Policy.OWNER).append("name", "Owner (FeatBit's)"));
        new MongoSeed(db).seed();
        assertThat(db.getCollection("Workspaces").countDocuments()).isZero();
        assertThat(db.getCollection("Users").countDocuments()).isEqualTo(1);
        assertThat(db.getCollection("Policies").countDocuments()).isEqualTo(3);
        assertThat(db.getCollection("Policies").find(Filters.eq("_id", Policy.OWNER)).first().getString("name"))
                .isEqualTo("Owner (FeatBit's)");
        // An edit of a built-in policy survives the next start.
        db.getCollection("Policies").updateOne(Filters.eq("_id", Policy.DEVELOPER), Updates.set("description", "edited"));
        new MongoSeed(db).seed();
        assertThat(db.getCollection("Policies").find(Filters.eq("_id", Policy.DEVELOPER)).first().getString("description"))
                .isEqualTo("edited");
    }

    private static Map<String, Long> counts(MongoDatabase db) {
        Map<String, Long> counts = new LinkedHashMap<>();
        SEEDED.forEach(c -> counts.put(c, db.getCollection(c).countDocuments()));
        return counts;
    }
}
