package io.toggleworks.api.tenancy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.MongoFields;
import io.toggleworks.api.db.OnMongoDb;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code Workspaces} collection; {@code sso} is an embedded document ({@code {oidc: {...}}}). */
@Repository
@OnMongoDb
public class MongoWorkspaceStore implements WorkspaceStore {
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private final MongoCollection<Document> workspaces;
    private final MongoCollection<Document> workspaceUsers;
    private final MongoCollection<Document> organizations;
    private final MongoCollection<Document> relayProxies;
    private final JsonMapper json;

    public MongoWorkspaceStore(MongoDatabase db, JsonMapper json) {
        this.workspaces = db.getCollection("Workspaces");
        this.workspaceUsers = db.getCollection("WorkspaceUsers");
        this.organizations = db.getCollection("Organizations");
        this.relayProxies = db.getCollection("RelayProxies");
        this.json = json;
    }

    @Override
    public Optional<Workspace> find(UUID id) {
        return Optional.ofNullable(workspaces.find(Filters.eq("_id", id)).first()).map(this::map);
    }

    @Override
    public List<Workspace> ofUser(UUID userId) {
        List<Object> ids = workspaceUsers.find(Filters.eq("userId", userId)).projection(Projections.include("workspaceId"))
                .map(d -> d.get("workspaceId")).into(new ArrayList<>());
        if (ids.isEmpty()) {
            return List.of();
        }
        return workspaces.find(Filters.in("_id", ids)).sort(Sorts.ascending("createdAt", "_id")).map(this::map)
                .into(new ArrayList<>());
    }

    @Override
    public boolean keyUsed(String key, UUID exceptId) {
        return workspaces.countDocuments(Filters.and(MongoFields.equalsIgnoreCase("key", key), Filters.ne("_id", exceptId))) > 0;
    }

    @Override
    public void updateSso(UUID id, String ssoJson) {
        workspaces.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("sso", Document.parse(ssoJson)),
                Updates.set("updatedAt", new Date())));
    }

    @Override
    public void update(UUID id, String name, String key) {
        workspaces.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("name", name), Updates.set("key", key),
                Updates.set("updatedAt", new Date())));
    }

    @Override
    public long autoAgentsUsed(UUID workspaceId) {
        List<Object> orgIds = organizations.find(Filters.eq("workspaceId", workspaceId)).projection(Projections.include("_id"))
                .map(d -> d.get("_id")).into(new ArrayList<>());
        if (orgIds.isEmpty()) {
            return 0;
        }
        long used = 0;
        for (Document proxy : relayProxies.find(Filters.in("organizationId", orgIds)).projection(Projections.include("autoAgents"))) {
            used += MongoFields.list(proxy, "autoAgents").size();
        }
        return used;
    }

    private Workspace map(Document d) {
        Object sso = d.get("sso");
        return new Workspace(MongoFields.uuid(d, "_id"), d.getString("name"), d.getString("key"), d.getString("license"),
                sso instanceof Document s ? json.readTree(s.toJson(RELAXED)) : null);
    }
}
