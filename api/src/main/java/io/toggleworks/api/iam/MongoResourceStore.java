package io.toggleworks.api.iam;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.toggleworks.api.db.OnMongoDb;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * {@link ResourceStore} on MongoDB: reads FeatBit's {@code Organizations}, {@code OrganizationUsers},
 * {@code Projects} and {@code Environments}; filters and sorts in memory (an organization's projects are few).
 */
@Repository
@OnMongoDb
public class MongoResourceStore implements ResourceStore {
    private static final Comparator<String> NAME = Comparator.nullsLast(Comparator.naturalOrder());

    private final MongoCollection<Document> organizations;
    private final MongoCollection<Document> organizationUsers;
    private final MongoCollection<Document> projects;
    private final MongoCollection<Document> environments;

    public MongoResourceStore(MongoDatabase db) {
        this.organizations = db.getCollection("Organizations");
        this.organizationUsers = db.getCollection("OrganizationUsers");
        this.projects = db.getCollection("Projects");
        this.environments = db.getCollection("Environments");
    }

    @Override
    public List<ProjectRef> projects(UUID organizationId, String name) {
        String q = lower(name);
        return allProjects(organizationId).stream().filter(p -> q == null || contains(p.name(), q)).toList();
    }

    @Override
    public List<EnvRef> envs(UUID organizationId, String name) {
        String q = lower(name);
        Map<UUID, ProjectRef> byId = new HashMap<>();
        allProjects(organizationId).forEach(p -> byId.put(p.id(), p));
        if (byId.isEmpty()) {
            return List.of();
        }
        List<EnvRef> out = new ArrayList<>();
        environments.find(in("projectId", byId.keySet())).forEach(d -> {
            ProjectRef p = byId.get(MongoDocs.uuid(d, "projectId"));
            EnvRef e = env(d, p);
            if (q == null || contains(e.name(), q) || contains(p.name(), q)) {
                out.add(e);
            }
        });
        out.sort(Comparator.comparing(EnvRef::projectName, NAME).thenComparing(EnvRef::name, NAME));
        return out;
    }

    @Override
    public List<EnvRef> envsOfProject(UUID projectId) {
        Document project = projects.find(eq("_id", projectId)).first();
        if (project == null) {
            return List.of();
        }
        ProjectRef p = project(project);
        List<EnvRef> out = new ArrayList<>();
        environments.find(eq("projectId", projectId)).forEach(d -> out.add(env(d, p)));
        out.sort(Comparator.comparing(EnvRef::name, NAME));
        return out;
    }

    @Override
    public Optional<OrganizationRef> organization(UUID id) {
        return Optional.ofNullable(organizations.find(eq("_id", id)).first()).map(d ->
                new OrganizationRef(MongoDocs.uuid(d, "_id"), MongoDocs.nullableString(d, "name"), MongoDocs.nullableString(d, "key")));
    }

    @Override
    public List<UUID> organizationsOfUserInWorkspaceOf(UUID organizationId, UUID userId) {
        Document org = organizations.find(eq("_id", organizationId)).first();
        UUID workspace = org == null ? null : MongoDocs.uuid(org, "workspaceId");
        if (workspace == null) {
            return List.of();
        }
        List<UUID> ofUser = MongoGroupStore.ids(organizationUsers, eq("userId", userId), "organizationId");
        if (ofUser.isEmpty()) {
            return List.of();
        }
        return MongoGroupStore.ids(organizations, and(in("_id", ofUser), eq("workspaceId", workspace)), "_id");
    }

    private List<ProjectRef> allProjects(UUID organizationId) {
        List<ProjectRef> out = new ArrayList<>();
        projects.find(eq("organizationId", organizationId)).forEach(d -> out.add(project(d)));
        out.sort(Comparator.comparing(ProjectRef::name, NAME));
        return out;
    }

    private static ProjectRef project(Document d) {
        return new ProjectRef(MongoDocs.uuid(d, "_id"), MongoDocs.nullableString(d, "name"), MongoDocs.nullableString(d, "key"));
    }

    private static EnvRef env(Document d, ProjectRef p) {
        return new EnvRef(MongoDocs.uuid(d, "_id"), MongoDocs.nullableString(d, "name"), MongoDocs.nullableString(d, "key"),
                p.name(), p.key());
    }

    private static String lower(String name) {
        return name == null || name.isBlank() ? null : name.toLowerCase(Locale.ROOT);
    }

    private static boolean contains(String text, String lowerQuery) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(lowerQuery);
    }
}
