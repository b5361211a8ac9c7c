package io.toggleworks.api.cache;

import com.mongodb.client.MongoDatabase;
import io.toggleworks.api.db.MongoNameLocks;
import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.flags.MongoFlagStore;
import io.toggleworks.api.segments.MongoSegmentScopes;
import io.toggleworks.api.segments.MongoSegmentStore;
import io.toggleworks.api.segments.SegmentScopes;
import io.toggleworks.api.segments.SegmentStore;
import io.toggleworks.api.tenancy.Secret;
import io.toggleworks.api.testing.StoreBackends;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Organizations, projects and environments are written in FeatBit's document shape. */
class MongoPopulationSourceTest extends PopulationSourceContract {
    private static MongoDatabase db;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> db = StoreBackends.of(context).newMongo();

    @Override
    protected CacheQueries queries() {
        return new MongoCacheQueries(db);
    }

    @Override
    protected FlagStore flags() {
        return new MongoFlagStore(db, new MongoNameLocks(db));
    }

    @Override
    protected SegmentStore segments() {
        return new MongoSegmentStore(db, new MongoNameLocks(db));
    }

    @Override
    protected SegmentScopes scopes() {
        return new MongoSegmentScopes(db);
    }

    @Override
    protected void insertOrganization(UUID id, UUID workspaceId, String key) {
        Date now = new Date();
        db.getCollection("Organizations").insertOne(new Document("_id", id).append("workspaceId", workspaceId)
                .append("name", key).append("key", key).append("initialized", true)
                .append("defaultPermissions", new Document("policyIds", List.of()).append("groupIds", List.of()))
                .append("createdAt", now).append("updatedAt", now));
    }

    @Override
    protected void insertProject(UUID id, UUID organizationId, String key) {
        Date now = new Date();
        db.getCollection("Projects").insertOne(new Document("_id", id).append("organizationId", organizationId)
                .append("name", key).append("key", key).append("createdAt", now).append("updatedAt", now));
    }

    @Override
    protected void insertEnvironment(UUID id, UUID projectId, String key, List<Secret> secrets) {
        Date now = new Date();
        db.getCollection("Environments").insertOne(new Document("_id", id).append("projectId", projectId)
                .append("name", key).append("key", key).append("description", "")
                .append("secrets", secrets.stream().map(s -> new Document("_id", s.id()).append("name", s.name())
                        .append("type", s.type()).append("value", s.value())).toList())
                .append("settings", new Document()).append("createdAt", now).append("updatedAt", now));
    }
}
