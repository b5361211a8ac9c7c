package io.toggleworks.api.tenancy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.toggleworks.api.db.MongoFields;
import io.toggleworks.api.db.OnMongoDb;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Scopes by reading the environment, then its project, then its organization (three lookups by {@code _id}). */
@Component
@OnMongoDb
public class MongoScopeLookup implements ScopeLookup {
    private final MongoCollection<Document> environments;
    private final MongoCollection<Document> projects;
    private final MongoCollection<Document> organizations;

    public MongoScopeLookup(MongoDatabase db) {
        this.environments = db.getCollection("Environments");
        this.projects = db.getCollection("Projects");
        this.organizations = db.getCollection("Organizations");
    }

    @Override
    public Optional<EnvScope> env(UUID envId) {
        Document env = environments.find(Filters.eq("_id", envId)).projection(Projections.include("key", "name", "projectId")).first();
        if (env == null) {
            return Optional.empty();
        }
        Document project = projects.find(Filters.eq("_id", env.get("projectId")))
                .projection(Projections.include("key", "organizationId")).first();
        if (project == null) {
            return Optional.empty();
        }
        Document org = organizations.find(Filters.eq("_id", project.get("organizationId")))
                .projection(Projections.include("workspaceId")).first();
        if (org == null) {
            return Optional.empty();
        }
        return Optional.of(new EnvScope(envId, env.getString("key"), env.getString("name"),
                MongoFields.uuid(project, "_id"), project.getString("key"), MongoFields.uuid(org, "_id"),
                MongoFields.uuid(org, "workspaceId")));
    }

    @Override
    public Optional<ProjectScope> project(UUID projectId) {
        return Optional.ofNullable(projects.find(Filters.eq("_id", projectId))
                        .projection(Projections.include("key", "name", "organizationId")).first())
                .map(p -> new ProjectScope(projectId, p.getString("key"), p.getString("name"),
                        MongoFields.uuid(p, "organizationId")));
    }
}
