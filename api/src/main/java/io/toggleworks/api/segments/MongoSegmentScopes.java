package io.toggleworks.api.segments;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.toggleworks.api.db.OnMongoDb;
import io.toggleworks.api.tenancy.EnvScope;
import org.bson.Document;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link SegmentScopes} over FeatBit's {@code Organizations}, {@code Projects} and {@code Environments}: no joins on
 * MongoDB, so a workspace's environments are three queries, joined here.
 */
@Repository
@OnMongoDb
public class MongoSegmentScopes implements SegmentScopes {
    private final MongoDatabase db;

    public MongoSegmentScopes(MongoDatabase db) {
        this.db = db;
    }

    @Override
    public String rn(EnvScope env) {
        String orgKey = Optional.ofNullable(db.getCollection("Organizations").find(Filters.eq("_id", env.organizationId()))
                        .projection(Projections.include("key")).first())
                .map(d -> d.getString("key")).orElse("");
        return SegmentScopes.rn(orgKey == null ? "" : orgKey, env.projectKey(), env.envKey());
    }

    @Override
    public List<EnvRn> environments(UUID workspaceId) {
        Map<Object, String> orgKeys = new HashMap<>();
        db.getCollection("Organizations").find(Filters.eq("workspaceId", workspaceId))
                .projection(Projections.include("key"))
                .forEach(d -> orgKeys.put(d.get("_id"), d.getString("key")));
        if (orgKeys.isEmpty()) {
            return List.of();
        }
        Map<Object, String[]> projects = new HashMap<>();
        db.getCollection("Projects").find(Filters.in("organizationId", orgKeys.keySet()))
                .projection(Projections.include("key", "organizationId"))
                .forEach(d -> projects.put(d.get("_id"), new String[] {orgKeys.get(d.get("organizationId")), d.getString("key")}));
        if (projects.isEmpty()) {
            return List.of();
        }
        List<EnvRn> out = new ArrayList<>();
        for (Document e : db.getCollection("Environments").find(Filters.in("projectId", projects.keySet()))
                .projection(Projections.include("key", "projectId"))) {
            String[] p = projects.get(e.get("projectId"));
            if (p != null && e.get("_id") instanceof UUID id) {
                out.add(new EnvRn(id, SegmentScopes.rn(p[0], p[1], e.getString("key"))));
            }
        }
        return out;
    }
}
