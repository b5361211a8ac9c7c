package io.toggleworks.api.cache;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.toggleworks.api.db.OnMongoDb;
import io.toggleworks.api.tenancy.Secret;
import io.toggleworks.spi.cache.SecretEntry;
import org.bson.Document;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link CacheQueries} on FeatBit's collections ({@code Environments} with embedded {@code secrets: [{_id, name,
 * type, value}]}, {@code Projects}, {@code Organizations}, {@code Segments}); read-only.
 */
@Repository
@OnMongoDb
public class MongoCacheQueries implements CacheQueries {
    private final MongoCollection<Document> environments;
    private final MongoCollection<Document> projects;
    private final MongoCollection<Document> organizations;
    private final MongoCollection<Document> segments;

    public MongoCacheQueries(MongoDatabase db) {
        this.environments = db.getCollection("Environments");
        this.projects = db.getCollection("Projects");
        this.organizations = db.getCollection("Organizations");
        this.segments = db.getCollection("Segments");
    }

    @Override
    public List<UUID> environmentIds() {
        return ids(environments);
    }

    @Override
    public List<UUID> segmentIds() {
        return ids(segments);
    }

    private static List<UUID> ids(MongoCollection<Document> collection) {
        List<UUID> ids = new ArrayList<>();
        for (Document d : collection.find().projection(Projections.include("_id")).sort(Sorts.ascending("_id"))) {
            if (d.get("_id") instanceof UUID id) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Projects and organizations are read once each: there are far fewer of them than environments. */
    @Override
    public List<SecretEntry> secrets() {
        Map<Object, Document> projectsById = new HashMap<>();
        for (Document p : projects.find().projection(Projections.include("key", "organizationId"))) {
            projectsById.put(p.get("_id"), p);
        }
        Map<Object, Document> orgsById = new HashMap<>();
        for (Document o : organizations.find().projection(Projections.include("key"))) {
            orgsById.put(o.get("_id"), o);
        }
        List<SecretEntry> result = new ArrayList<>();
        for (Document e : environments.find().projection(Projections.include("key", "projectId", "secrets"))
                .sort(Sorts.ascending("_id"))) {
            Document project = projectsById.get(e.get("projectId"));
            Document org = project == null ? null : orgsById.get(project.get("organizationId"));
            if (org == null || !(e.get("_id") instanceof UUID envId)) {
                continue; // as the SQL join: an environment without its project or organization has no usable secrets
            }
            result.addAll(SecretEntries.of(secrets(e), (UUID) org.get("_id"), text(org, "key"), (UUID) project.get("_id"),
                    text(project, "key"), envId, text(e, "key")));
        }
        return result;
    }

    private static List<Secret> secrets(Document env) {
        List<Secret> secrets = new ArrayList<>();
        if (env.get("secrets") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Document s) {
                    Object id = s.containsKey("_id") ? s.get("_id") : s.get("id");
                    secrets.add(new Secret(id == null ? "" : id.toString(), text(s, "name"), text(s, "type"), text(s, "value")));
                }
            }
        }
        return secrets;
    }

    @Override
    public Optional<String> segmentType(UUID segmentId) {
        return Optional.ofNullable(segments.find(Filters.eq("_id", segmentId)).projection(Projections.include("type")).first())
                .map(d -> text(d, "type"));
    }

    @Override
    public String organizationKey(UUID organizationId) {
        Document org = organizations.find(Filters.eq("_id", organizationId)).projection(Projections.include("key")).first();
        return org == null ? "" : text(org, "key");
    }

    private static String text(Document d, String field) {
        Object v = d.get(field);
        return v == null ? "" : v.toString();
    }
}
