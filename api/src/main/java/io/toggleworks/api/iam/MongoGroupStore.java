package io.toggleworks.api.iam;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.regex;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.OnMongoDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;

/** {@link GroupStore} on MongoDB: FeatBit's {@code Groups}, {@code GroupMembers} and {@code GroupPolicies}. */
@Repository
@OnMongoDb
public class MongoGroupStore implements GroupStore {
    private final MongoCollection<Document> groups;
    private final MongoCollection<Document> groupMembers;
    private final MongoCollection<Document> groupPolicies;

    public MongoGroupStore(MongoDatabase db) {
        this.groups = db.getCollection("Groups");
        this.groupMembers = db.getCollection("GroupMembers");
        this.groupPolicies = db.getCollection("GroupPolicies");
    }

    @Override
    public Optional<Group> find(UUID organizationId, UUID id) {
        return Optional.ofNullable(groups.find(and(eq("_id", id), eq("organizationId", organizationId))).first())
                .map(MongoGroupStore::map);
    }

    @Override
    public List<Group> list(UUID organizationId, String name) {
        Bson filter = name == null || name.isBlank() ? eq("organizationId", organizationId)
                : and(eq("organizationId", organizationId), regex("name", MongoDocs.contains(name)));
        List<Group> out = new ArrayList<>();
        groups.find(filter).sort(Sorts.descending("createdAt")).forEach(d -> out.add(map(d)));
        return out;
    }

    @Override
    public boolean nameUsed(UUID organizationId, String name, UUID exceptId) {
        return groups.countDocuments(and(eq("organizationId", organizationId), regex("name", MongoDocs.equalsIgnoreCase(name)),
                ne("_id", exceptId))) > 0;
    }

    @Override
    public void insert(Group g) {
        groups.insertOne(new Document("_id", g.id()).append("organizationId", g.organizationId()).append("name", g.name())
                .append("description", g.description()).append("createdAt", MongoDocs.date(g.createdAt()))
                .append("updatedAt", MongoDocs.date(g.updatedAt())));
    }

    @Override
    public void update(UUID id, String name, String description) {
        groups.updateOne(eq("_id", id), Updates.combine(Updates.set("name", name), Updates.set("description", description),
                Updates.set("updatedAt", MongoDocs.date(Instant.now()))));
    }

    @Override
    public void delete(UUID id) {
        groupMembers.deleteMany(eq("groupId", id));
        groupPolicies.deleteMany(eq("groupId", id));
        groups.deleteOne(eq("_id", id));
    }

    @Override
    public List<UUID> groupIdsOf(UUID organizationId, UUID memberId) {
        return ids(groupMembers, and(eq("organizationId", organizationId), eq("memberId", memberId)), "groupId");
    }

    @Override
    public List<UUID> memberIdsOf(UUID groupId) {
        return ids(groupMembers, eq("groupId", groupId), "memberId");
    }

    @Override
    public List<UUID> policyIdsOf(UUID groupId) {
        return ids(groupPolicies, eq("groupId", groupId), "policyId");
    }

    @Override
    public List<UUID> groupIdsWithPolicy(UUID policyId) {
        return ids(groupPolicies, eq("policyId", policyId), "groupId");
    }

    @Override
    public void addPolicy(UUID groupId, UUID policyId) {
        Date now = MongoDocs.date(Instant.now());
        // An upsert on the link's own fields: adding it twice leaves one document.
        groupPolicies.updateOne(and(eq("groupId", groupId), eq("policyId", policyId)),
                Updates.combine(Updates.setOnInsert("_id", UUID.randomUUID()), Updates.setOnInsert("createdAt", now),
                        Updates.setOnInsert("updatedAt", now)),
                new UpdateOptions().upsert(true));
    }

    @Override
    public void removePolicy(UUID groupId, UUID policyId) {
        groupPolicies.deleteMany(and(eq("groupId", groupId), eq("policyId", policyId)));
    }

    static List<UUID> ids(MongoCollection<Document> collection, Bson filter, String field) {
        List<UUID> out = new ArrayList<>();
        collection.find(filter).projection(new Document(field, 1)).forEach(d -> {
            UUID id = MongoDocs.uuid(d, field);
            if (id != null) {
                out.add(id);
            }
        });
        return out;
    }

    static Group map(Document d) {
        return new Group(MongoDocs.uuid(d, "_id"), MongoDocs.uuid(d, "organizationId"), MongoDocs.nullableString(d, "name"),
                MongoDocs.string(d, "description"), MongoDocs.instant(d, "createdAt"), MongoDocs.instant(d, "updatedAt"));
    }
}
