package io.toggleworks.api.tenancy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.MongoFields;
import io.toggleworks.api.db.OnMongoDb;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;

/** The {@code Organizations} and {@code OrganizationUsers} collections. */
@Repository
@OnMongoDb
public class MongoOrganizationStore implements OrganizationStore {
    private final MongoDatabase db;
    private final MongoCollection<Document> organizations;
    private final MongoCollection<Document> organizationUsers;

    public MongoOrganizationStore(MongoDatabase db) {
        this.db = db;
        this.organizations = db.getCollection("Organizations");
        this.organizationUsers = db.getCollection("OrganizationUsers");
    }

    @Override
    public Optional<Organization> find(UUID id) {
        return Optional.ofNullable(organizations.find(Filters.eq("_id", id)).first()).map(MongoOrganizationStore::map);
    }

    @Override
    public List<Organization> ofUser(UUID userId, Optional<UUID> workspaceId) {
        List<Object> ids = organizationUsers.find(Filters.eq("userId", userId)).projection(Projections.include("organizationId"))
                .map(d -> d.get("organizationId")).into(new ArrayList<>());
        if (ids.isEmpty()) {
            return List.of();
        }
        Bson filter = workspaceId.map(ws -> Filters.and(Filters.in("_id", ids), Filters.eq("workspaceId", ws)))
                .orElse(Filters.in("_id", ids));
        return organizations.find(filter).sort(Sorts.ascending("createdAt", "_id")).map(MongoOrganizationStore::map)
                .into(new ArrayList<>());
    }

    @Override
    public List<Organization> ofWorkspace(UUID workspaceId) {
        return organizations.find(Filters.eq("workspaceId", workspaceId)).sort(Sorts.ascending("createdAt", "_id"))
                .map(MongoOrganizationStore::map).into(new ArrayList<>());
    }

    @Override
    public boolean keyUsed(UUID workspaceId, String key, UUID exceptId) {
        return organizations.countDocuments(Filters.and(Filters.eq("workspaceId", workspaceId),
                MongoFields.equalsIgnoreCase("key", key), Filters.ne("_id", exceptId))) > 0;
    }

    @Override
    public void insert(Organization o) {
        Date now = new Date();
        organizations.insertOne(new Document("_id", o.id()).append("workspaceId", o.workspaceId()).append("name", o.name())
                .append("key", o.key()).append("initialized", o.initialized()).append("license", o.license())
                .append("defaultPermissions", defaultPermissions(o.defaultPermissions()))
                .append("settings", new Document("flagSortedBy", o.settings().flagSortedBy()))
                .append("createdAt", now).append("updatedAt", now));
    }

    @Override
    public void update(Organization o) {
        organizations.updateOne(Filters.eq("_id", o.id()), Updates.combine(Updates.set("name", o.name()),
                Updates.set("key", o.key()), Updates.set("initialized", o.initialized()),
                Updates.set("defaultPermissions", defaultPermissions(o.defaultPermissions())),
                Updates.set("settings", new Document("flagSortedBy", o.settings().flagSortedBy())),
                Updates.set("updatedAt", new Date())));
    }

    @Override
    public boolean isMember(UUID organizationId, UUID userId) {
        return organizationUsers.find(Filters.and(Filters.eq("organizationId", organizationId), Filters.eq("userId", userId)))
                .projection(Projections.include("_id")).first() != null;
    }

    @Override
    public void addMember(UUID organizationId, UUID userId, UUID invitorId) {
        // One upsert: an existing membership is kept. FeatBit has no unique index on (organizationId, userId), so two
        // adds of the same user at the same instant could both insert; a duplicate membership is harmless to reads.
        Date now = new Date();
        organizationUsers.updateOne(Filters.and(Filters.eq("organizationId", organizationId), Filters.eq("userId", userId)),
                Updates.combine(Updates.setOnInsert("_id", UUID.randomUUID()), Updates.setOnInsert("invitorId", invitorId),
                        Updates.setOnInsert("createdAt", now), Updates.setOnInsert("updatedAt", now)),
                new UpdateOptions().upsert(true));
    }

    @Override
    public long groupsFound(UUID organizationId, List<UUID> groupIds) {
        if (groupIds.isEmpty()) {
            return 0;
        }
        return db.getCollection("Groups").countDocuments(Filters.and(Filters.eq("organizationId", organizationId),
                Filters.in("_id", groupIds.stream().distinct().toList())));
    }

    @Override
    public void delete(UUID organizationId) {
        Bson byOrg = Filters.eq("organizationId", organizationId);
        List<Object> groupIds = db.getCollection("Groups").find(byOrg).projection(Projections.include("_id"))
                .map(d -> d.get("_id")).into(new ArrayList<>());
        organizationUsers.deleteMany(byOrg);
        db.getCollection("MemberPolicies").deleteMany(byOrg);
        if (!groupIds.isEmpty()) {
            db.getCollection("GroupPolicies").deleteMany(Filters.in("groupId", groupIds));
        }
        db.getCollection("GroupMembers").deleteMany(byOrg);
        db.getCollection("Groups").deleteMany(byOrg);
        db.getCollection("Policies").deleteMany(byOrg);
        db.getCollection("AccessTokens").deleteMany(byOrg);
        db.getCollection("RelayProxies").deleteMany(byOrg);
        db.getCollection("Webhooks").deleteMany(Filters.eq("orgId", organizationId));
        organizations.deleteOne(Filters.eq("_id", organizationId));
    }

    private static Document defaultPermissions(Organization.DefaultPermissions dp) {
        return new Document("policyIds", new ArrayList<>(dp.policyIds())).append("groupIds", new ArrayList<>(dp.groupIds()));
    }

    private static Organization map(Document d) {
        Document dp = d.get("defaultPermissions") instanceof Document x ? x : new Document();
        Document settings = d.get("settings") instanceof Document x ? x : new Document();
        return new Organization(MongoFields.uuid(d, "_id"), MongoFields.uuid(d, "workspaceId"), d.getString("name"),
                d.getString("key"), MongoFields.bool(d, "initialized"), d.getString("license"),
                new Organization.DefaultPermissions(uuids(dp, "policyIds"), uuids(dp, "groupIds")),
                new Organization.Settings(settings.getString("flagSortedBy")));
    }

    private static List<UUID> uuids(Document d, String field) {
        List<UUID> out = new ArrayList<>();
        for (Object v : MongoFields.list(d, field)) {
            if (v instanceof UUID u) {
                out.add(u);
            } else if (v instanceof String s) {
                out.add(UUID.fromString(s));
            }
        }
        return out;
    }
}
