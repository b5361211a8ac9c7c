package io.toggleworks.api.tenancy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
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
import org.springframework.stereotype.Repository;

/** The {@code Projects} collection. */
@Repository
@OnMongoDb
public class MongoProjectStore implements ProjectStore {
    private final MongoCollection<Document> projects;

    public MongoProjectStore(MongoDatabase db) {
        this.projects = db.getCollection("Projects");
    }

    @Override
    public Optional<Project> find(UUID id) {
        return Optional.ofNullable(projects.find(Filters.eq("_id", id)).first()).map(MongoProjectStore::map);
    }

    @Override
    public List<Project> ofOrganization(UUID organizationId) {
        return projects.find(Filters.eq("organizationId", organizationId)).sort(Sorts.descending("createdAt", "_id"))
                .map(MongoProjectStore::map).into(new ArrayList<>());
    }

    @Override
    public boolean keyUsed(UUID organizationId, String key) {
        return projects.countDocuments(Filters.and(Filters.eq("organizationId", organizationId),
                MongoFields.equalsIgnoreCase("key", key))) > 0;
    }

    @Override
    public Optional<Project> findByKey(UUID organizationId, String key) {
        return Optional.ofNullable(projects.find(Filters.and(Filters.eq("organizationId", organizationId),
                MongoFields.equalsIgnoreCase("key", key))).sort(Sorts.ascending("createdAt", "_id")).first())
                .map(MongoProjectStore::map);
    }

    @Override
    public void insert(Project p) {
        projects.insertOne(new Document("_id", p.id()).append("organizationId", p.organizationId()).append("name", p.name())
                .append("key", p.key()).append("createdAt", Date.from(p.createdAt())).append("updatedAt", Date.from(p.updatedAt())));
    }

    @Override
    public void rename(UUID id, String name) {
        projects.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("name", name), Updates.set("updatedAt", new Date())));
    }

    @Override
    public void delete(UUID id) {
        projects.deleteOne(Filters.eq("_id", id));
    }

    private static Project map(Document d) {
        return new Project(MongoFields.uuid(d, "_id"), MongoFields.uuid(d, "organizationId"), d.getString("name"),
                d.getString("key"), MongoFields.instant(d, "createdAt"), MongoFields.instant(d, "updatedAt"));
    }
}
