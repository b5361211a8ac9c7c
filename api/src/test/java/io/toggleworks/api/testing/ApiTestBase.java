package io.toggleworks.api.testing;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Base class for API tests. One database (random name, Flyway-migrated by the app) and one running app serve all
 * test classes of a run; both are closed and the database dropped when the run ends. Each test class gets
 * {@link #api}, signed in as the seeded user {@code test@featbit.com} (Owner of the seeded organization), and
 * should create what it changes in an organization of its own ({@link #newOrganization}) to stay independent.
 * <pre>
 * class MyTest extends ApiTestBase {
 *     &#64;Test void creates() {
 *         ApiClient org = newOrganization();
 *         UUID envId = firstEnvId(org.post("projects", Map.of("name", "P", "key", "p")).ok().data());
 *         org.post("envs/" + envId + "/feature-flags", ...).ok();
 *         assertThat(db().sql("select count(*) from feature_flags").query(Long.class).single()).isEqualTo(1);
 *     }
 * }
 * </pre>
 */
@ExtendWith(ApiTestBase.SharedApiExtension.class)
public abstract class ApiTestBase {
    protected static RunningApi server;
    protected static ApiClient api;

    /** Starts (once per run) the shared database and app. */
    public static final class SharedApiExtension implements org.junit.jupiter.api.extension.BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            Shared shared = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(Shared.class, k -> Shared.start(), Shared.class);
            server = shared.api;
            api = shared.seededUser();
        }
    }

    /** Closed by JUnit at the end of the run: stops the app, then drops the database. */
    static final class Shared implements AutoCloseable {
        final AutoCloseable database;
        final RunningApi api;
        private ApiClient seeded;

        private Shared(AutoCloseable database, RunningApi api) {
            this.database = database;
            this.api = api;
        }

        static Shared start() {
            if (MongoBackend.selected()) {
                MongoBackend mongo = MongoBackend.start();
                try {
                    return new Shared(mongo, RunningApi.start(mongo, Map.of()));
                } catch (RuntimeException e) {
                    mongo.close();
                    throw e;
                }
            }
            TestDatabase db = TestDatabase.create();
            try {
                return new Shared(db, RunningApi.start(db));
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
        }

        /** Signed in once per run: a login costs a 100 000-iteration PBKDF2. */
        synchronized ApiClient seededUser() {
            if (seeded == null) {
                seeded = api.seededUser();
            }
            return seeded;
        }

        @Override
        public void close() throws Exception {
            try {
                api.close();
            } finally {
                database.close();
            }
        }
    }

    @BeforeAll
    static void requireServer() {
        if (server == null) {
            throw new IllegalStateException("the shared API did not start");
        }
    }

    /**
     * The PostgreSQL test database, to arrange data and check what the API wrote. In the MongoDB run the calling
     * test is skipped: prefer checking through the API, or {@link #mongo()} beside it.
     */
    protected static JdbcClient db() {
        return server.database().jdbc();
    }

    /** True in the run with {@code DbProvider=MongoDb} ({@code -Dtoggleworks.api.db=MongoDb}). */
    protected static boolean onMongo() {
        return server.onMongo();
    }

    /** The MongoDB database the API writes in the MongoDB run (a new client each call: close it). */
    protected static com.mongodb.client.MongoClient mongoClient() {
        return com.mongodb.client.MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(server.mongo().uri()))
                .uuidRepresentation(org.bson.UuidRepresentation.STANDARD).build());
    }

    /** The name of the MongoDB database of the MongoDB run. */
    protected static String mongoDatabaseName() {
        return server.mongo().database();
    }

    /** A fresh organization of the seeded user (Owner), with the client switched to it. */
    protected static ApiClient newOrganization() {
        String key = "org-" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = UUID.fromString(api.post("organizations", Map.of("name", key, "key", key)).ok().data().path("id").asString());
        return api.withOrganization(id);
    }

    /** A fresh organization with one project (environments Prod and Dev); returns the project JSON. */
    protected static JsonNode newProject(ApiClient org) {
        String key = "p-" + UUID.randomUUID().toString().substring(0, 8);
        return org.post("projects", Map.of("name", key, "key", key)).ok().data();
    }

    /** The id of the environment with this key in a {@code ProjectWithEnvs} JSON. */
    protected static UUID envId(JsonNode project, String envKey) {
        for (JsonNode env : project.path("environments")) {
            if (envKey.equals(env.path("key").asString())) {
                return UUID.fromString(env.path("id").asString());
            }
        }
        throw new AssertionError("no env " + envKey + " in " + project);
    }
}
