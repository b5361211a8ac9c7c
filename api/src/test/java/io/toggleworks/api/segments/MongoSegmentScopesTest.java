package io.toggleworks.api.segments;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.toggleworks.api.tenancy.EnvScope;
import io.toggleworks.api.testing.StoreBackends;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoSegmentScopesTest extends SegmentScopesContract {
    private static MongoDatabase db;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> db = StoreBackends.of(context).newMongo();

    @Override
    protected SegmentScopes scopes() {
        return new MongoSegmentScopes(db);
    }

    @Override
    protected EnvScope addEnvironment(UUID ws, UUID org, String orgKey, UUID project, String projectKey, String envKey) {
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        db.getCollection("Organizations").replaceOne(Filters.eq("_id", org),
                new Document("_id", org).append("workspaceId", ws).append("name", orgKey).append("key", orgKey), upsert);
        db.getCollection("Projects").replaceOne(Filters.eq("_id", project),
                new Document("_id", project).append("organizationId", org).append("name", projectKey).append("key", projectKey), upsert);
        UUID env = UUID.randomUUID();
        db.getCollection("Environments").insertOne(
                new Document("_id", env).append("projectId", project).append("name", envKey).append("key", envKey));
        return new EnvScope(env, envKey, envKey, project, projectKey, org, ws);
    }
}
