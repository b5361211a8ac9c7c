package io.toggleworks.api.iam;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.OnMongoDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;

/** {@link PolicyStore} on MongoDB: FeatBit's {@code Policies}, {@code MemberPolicies}, {@code GroupMembers}, {@code GroupPolicies}. */
@Repository
@OnMongoDb
public class MongoPolicyStore implements PolicyStore {
    private final MongoCollection<Document> policies;
    private final MongoCollection<Document> memberPolicies;
    private final MongoCollection<Document> groupMembers;
    private final MongoCollection<Document> groupPolicies;

    public MongoPolicyStore(MongoDatabase db) {
        this.policies = db.getCollection("Policies");
        this.memberPolicies = db.getCollection("MemberPolicies");
        this.groupMembers = db.getCollection("GroupMembers");
        this.groupPolicies = db.getCollection("GroupPolicies");
    }

    @Override
    public List<Policy> policiesOfMember(UUID organizationId, UUID memberId) {
        Set<UUID> ids = new LinkedHashSet<>();
        Bson member = and(eq("organizationId", organizationId), eq("memberId", memberId));
        memberPolicies.find(member).forEach(d -> add(ids, MongoDocs.uuid(d, "policyId")));
        List<UUID> groupIds = new ArrayList<>();
        groupMembers.find(member).forEach(d -> add(groupIds, MongoDocs.uuid(d, "groupId")));
        if (!groupIds.isEmpty()) {
            groupPolicies.find(in("groupId", groupIds)).forEach(d -> add(ids, MongoDocs.uuid(d, "policyId")));
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Policy> byName = new LinkedHashMap<>();
        policies.find(and(in("_id", ids), visibleIn(organizationId))).sort(Sorts.ascending("createdAt"))
                .forEach(d -> {
                    Policy p = map(d);
                    byName.putIfAbsent(p.name(), p);
                });
        return List.copyOf(byName.values());
    }

    @Override
    public Optional<Policy> find(UUID organizationId, UUID id) {
        return Optional.ofNullable(policies.find(and(eq("_id", id), visibleIn(organizationId))).first()).map(MongoPolicyStore::map);
    }

    @Override
    public List<Policy> findAll(UUID organizationId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Policy> out = new ArrayList<>();
        policies.find(and(in("_id", ids), visibleIn(organizationId))).forEach(d -> out.add(map(d)));
        return out;
    }

    @Override
    public Optional<Policy> findByKey(UUID organizationId, String key, boolean sysManaged) {
        Bson filter = sysManaged ? and(eq("organizationId", null), eq("key", key))
                : and(eq("organizationId", organizationId), eq("key", key));
        return Optional.ofNullable(policies.find(filter).first()).map(MongoPolicyStore::map);
    }

    @Override
    public boolean keyUsed(UUID organizationId, String key) {
        return policies.countDocuments(and(visibleIn(organizationId), regex("key", MongoDocs.equalsIgnoreCase(key)))) > 0;
    }

    @Override
    public List<Policy> list(UUID organizationId, String name) {
        Bson filter = name == null || name.isBlank() ? visibleIn(organizationId)
                : and(visibleIn(organizationId), regex("name", MongoDocs.contains(name)));
        List<Policy> out = new ArrayList<>();
        policies.find(filter).sort(Sorts.orderBy(Sorts.descending("createdAt"), Sorts.ascending("name"))).forEach(d -> out.add(map(d)));
        return out;
    }

    @Override
    public void insert(Policy p) {
        policies.insertOne(new Document("_id", p.id())
                .append("organizationId", p.organizationId().orElse(null))
                .append("name", p.name())
                .append("key", p.key())
                .append("description", p.description())
                .append("type", p.type())
                .append("statements", MongoDocs.statementDocuments(p.statements()))
                .append("createdAt", MongoDocs.date(p.createdAt()))
                .append("updatedAt", MongoDocs.date(p.updatedAt())));
    }

    @Override
    public void updateSettings(UUID id, String name, String description) {
        policies.updateOne(eq("_id", id), Updates.combine(Updates.set("name", name), Updates.set("description", description),
                Updates.set("updatedAt", MongoDocs.date(Instant.now()))));
    }

    @Override
    public void updateStatements(UUID id, List<PolicyStatement> statements) {
        policies.updateOne(eq("_id", id), Updates.combine(Updates.set("statements", MongoDocs.statementDocuments(statements)),
                Updates.set("updatedAt", MongoDocs.date(Instant.now()))));
    }

    @Override
    public void delete(UUID id) {
        memberPolicies.deleteMany(eq("policyId", id));
        groupPolicies.deleteMany(eq("policyId", id));
        policies.deleteOne(eq("_id", id));
    }

    private static Bson visibleIn(UUID organizationId) {
        // eq(null) also matches a missing element: FeatBit's built-in policies hold organizationId null.
        return or(eq("organizationId", null), eq("organizationId", organizationId));
    }

    private static <T> void add(java.util.Collection<T> to, T value) {
        if (value != null) {
            to.add(value);
        }
    }

    static Policy map(Document d) {
        return new Policy(MongoDocs.uuid(d, "_id"), Optional.ofNullable(MongoDocs.uuid(d, "organizationId")),
                MongoDocs.nullableString(d, "name"), MongoDocs.string(d, "key"), MongoDocs.string(d, "description"),
                MongoDocs.nullableString(d, "type"), MongoDocs.statements(d, "statements"), MongoDocs.instant(d, "createdAt"),
                MongoDocs.instant(d, "updatedAt"));
    }
}
