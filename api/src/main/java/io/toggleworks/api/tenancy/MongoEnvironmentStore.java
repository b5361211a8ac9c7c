package io.toggleworks.api.tenancy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
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

/**
 * The {@code Environments} collection, secrets embedded as FeatBit's driver writes them ({@code {_id, name, type,
 * value}}, read by the Evaluation Server's {@code MongoEvaluationStore}), plus what an environment owns in other
 * collections.
 */
@Repository
@OnMongoDb
public class MongoEnvironmentStore implements EnvironmentStore {
    /** The collections holding documents of one environment ({@code envId}), deleted with it. */
    private static final List<String> OWNED = List.of("FeatureFlags", "EndUsers", "EndUserProperties", "AuditLogs",
            "FlagDrafts", "FlagChangeRequests", "FlagSchedules", "Experiments", "ExperimentMetrics");

    private final MongoDatabase db;
    private final MongoCollection<Document> environments;

    public MongoEnvironmentStore(MongoDatabase db) {
        this.db = db;
        this.environments = db.getCollection("Environments");
    }

    @Override
    public Optional<Environment> find(UUID id) {
        return Optional.ofNullable(environments.find(Filters.eq("_id", id)).first()).map(MongoEnvironmentStore::map);
    }

    @Override
    public List<Environment> ofProject(UUID projectId) {
        return environments.find(Filters.eq("projectId", projectId)).sort(Sorts.ascending("createdAt", "_id"))
                .map(MongoEnvironmentStore::map).into(new ArrayList<>());
    }

    @Override
    public List<Environment> ofProjects(List<UUID> projectIds) {
        if (projectIds.isEmpty()) {
            return List.of();
        }
        return environments.find(Filters.in("projectId", projectIds)).sort(Sorts.ascending("createdAt", "_id"))
                .map(MongoEnvironmentStore::map).into(new ArrayList<>());
    }

    @Override
    public boolean keyUsed(UUID projectId, String key) {
        return environments.countDocuments(Filters.and(Filters.eq("projectId", projectId),
                MongoFields.equalsIgnoreCase("key", key))) > 0;
    }

    @Override
    public void insert(Environment e) {
        // The properties first (idempotent upserts by environment and name), the environment last: a retry after a
        // failure in between creates the environment without doubling the properties.
        Date now = new Date();
        MongoCollection<Document> properties = db.getCollection("EndUserProperties");
        for (Document p : List.of(
                builtInProperty("keyId", true, "user identifier in this environment"),
                builtInProperty("name", false, ""))) {
            properties.updateOne(Filters.and(Filters.eq("envId", e.id()), Filters.eq("name", p.getString("name"))),
                    new Document("$setOnInsert", p.append("envId", e.id()).append("createdAt", now).append("updatedAt", now)),
                    new UpdateOptions().upsert(true));
        }
        environments.insertOne(new Document("_id", e.id()).append("projectId", e.projectId()).append("name", e.name())
                .append("key", e.key()).append("description", e.description()).append("secrets", secrets(e.secrets()))
                .append("settings", settings(e.settings()))
                .append("createdAt", Date.from(e.createdAt())).append("updatedAt", Date.from(e.updatedAt())));
    }

    private static Document builtInProperty(String name, boolean digest, String remark) {
        return new Document("_id", UUID.randomUUID()).append("name", name).append("presetValues", new ArrayList<>())
                .append("usePresetValuesOnly", false).append("isBuiltIn", true).append("isDigestField", digest)
                .append("remark", remark);
    }

    @Override
    public void update(UUID id, String name, String description, Environment.Settings settings) {
        environments.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("name", name),
                Updates.set("description", description), Updates.set("settings", settings(settings)),
                Updates.set("updatedAt", new Date())));
    }

    @Override
    public void updateSecrets(UUID id, List<Secret> secrets) {
        environments.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("secrets", secrets(secrets)),
                Updates.set("updatedAt", new Date())));
    }

    @Override
    public void delete(UUID envId) {
        Bson byEnv = Filters.eq("envId", envId);
        for (String collection : OWNED) {
            db.getCollection(collection).deleteMany(byEnv);
        }
        // Shared segments belong to the workspace; only the environment's own ones go.
        db.getCollection("Segments").deleteMany(Filters.and(byEnv, Filters.ne("type", "shared")));
        environments.deleteOne(Filters.eq("_id", envId));
    }

    private static List<Document> secrets(List<Secret> secrets) {
        return secrets.stream().map(s -> new Document("_id", s.id()).append("name", s.name()).append("type", s.type())
                .append("value", s.value())).toList();
    }

    private static Document settings(Environment.Settings settings) {
        return new Document("requireChangeComment", settings.requireChangeComment());
    }

    private static Environment map(Document d) {
        List<Secret> secrets = new ArrayList<>();
        for (Object o : MongoFields.list(d, "secrets")) {
            if (o instanceof Document s) {
                Object id = s.containsKey("_id") ? s.get("_id") : s.get("id");
                secrets.add(new Secret(id == null ? "" : id.toString(), s.getString("name"), s.getString("type"),
                        s.getString("value")));
            }
        }
        Document settings = d.get("settings") instanceof Document x ? x : new Document();
        return new Environment(MongoFields.uuid(d, "_id"), MongoFields.uuid(d, "projectId"), d.getString("name"),
                d.getString("key"), MongoFields.string(d, "description"), secrets,
                new Environment.Settings(settings.getBoolean("requireChangeComment")),
                MongoFields.instant(d, "createdAt"), MongoFields.instant(d, "updatedAt"));
    }
}
