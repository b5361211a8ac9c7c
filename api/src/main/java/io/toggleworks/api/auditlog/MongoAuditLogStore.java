package io.toggleworks.api.auditlog;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.toggleworks.api.db.OnMongoDb;
import io.toggleworks.api.iam.MongoDocs;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;

/**
 * {@link AuditLogStore} on MongoDB: FeatBit's {@code AuditLogs}, creators named from {@code Users} and
 * {@code AccessTokens}. Each entry is one insert; no transaction spans it and the change it records (ADR 0052).
 */
@Repository
@OnMongoDb
public class MongoAuditLogStore implements AuditLogStore {
    private final MongoCollection<Document> logs;
    private final MongoCollection<Document> users;
    private final MongoCollection<Document> tokens;
    private final MongoCollection<Document> projects;
    private final MongoCollection<Document> environments;

    public MongoAuditLogStore(MongoDatabase db) {
        this.logs = db.getCollection("AuditLogs");
        this.users = db.getCollection("Users");
        this.tokens = db.getCollection("AccessTokens");
        this.projects = db.getCollection("Projects");
        this.environments = db.getCollection("Environments");
    }

    @Override
    public void insert(UUID envId, String refId, String refType, String keyword, Operation operation, DataChange change,
                       String comment, UUID creatorId) {
        logs.insertOne(new Document("_id", UUID.randomUUID())
                .append("envId", envId)
                .append("refId", refId)
                .append("refType", refType)
                .append("keyword", truncate(keyword, 512))
                .append("operation", operation.name())
                .append("dataChange", new Document("previous", change.previous()).append("current", change.current()))
                .append("comment", truncate(comment == null ? "" : comment, 512))
                .append("creatorId", creatorId)
                .append("createdAt", MongoDocs.date(Instant.now().truncatedTo(ChronoUnit.MILLIS))));
    }

    @Override
    public PagedResult<Row> list(Filter f, Paging paging) {
        List<Bson> filters = new ArrayList<>();
        filters.add(in("envId", f.envIds()));
        if (f.query() != null && !f.query().isBlank()) {
            Pattern q = MongoDocs.contains(f.query().trim());
            filters.add(or(regex("keyword", q), regex("comment", q)));
        }
        if (f.creatorId() != null) {
            filters.add(eq("creatorId", f.creatorId()));
        }
        if (f.refId() != null && !f.refId().isBlank()) {
            filters.add(eq("refId", f.refId().trim()));
        }
        if (f.refType() != null && !f.refType().isBlank()) {
            filters.add(eq("refType", f.refType().trim()));
        }
        if (f.from() != null) {
            filters.add(gte("createdAt", MongoDocs.date(f.from())));
        }
        if (f.to() != null) {
            filters.add(lte("createdAt", MongoDocs.date(f.to())));
        }
        Bson filter = and(filters);
        long total = logs.countDocuments(filter);
        List<Document> page = new ArrayList<>();
        logs.find(filter).sort(Sorts.orderBy(Sorts.descending("createdAt"), Sorts.descending("_id")))
                .skip((int) Math.min(Integer.MAX_VALUE, paging.offset())).limit(paging.pageSize()).into(page);
        Set<UUID> creators = new HashSet<>();
        page.forEach(d -> addIfPresent(creators, MongoDocs.uuid(d, "creatorId")));
        Map<UUID, Document> userById = byId(users, creators);
        Set<UUID> notUsers = new HashSet<>(creators);
        notUsers.removeAll(userById.keySet());
        Map<UUID, Document> tokenById = byId(tokens, notUsers);
        List<Row> rows = new ArrayList<>(page.size());
        for (Document d : page) {
            UUID creator = MongoDocs.uuid(d, "creatorId");
            String name;
            String email;
            Document user = creator == null ? null : userById.get(creator);
            Document token = creator == null ? null : tokenById.get(creator);
            if (user != null && user.get("name") != null) {
                name = MongoDocs.string(user, "name");
                email = MongoDocs.string(user, "email");
            } else if (token != null && token.get("name") != null) {
                name = MongoDocs.string(token, "name");
                email = "Access token";
            } else if (SYSTEM.equals(creator)) {
                name = "System";
                email = "System";
            } else {
                name = "Ghost";
                email = "Ghost";
            }
            rows.add(new Row(MongoDocs.uuid(d, "_id"), MongoDocs.uuid(d, "envId"), MongoDocs.nullableString(d, "refId"),
                    MongoDocs.nullableString(d, "refType"), MongoDocs.string(d, "keyword"), MongoDocs.nullableString(d, "operation"),
                    change(d.get("dataChange")), MongoDocs.string(d, "comment"), creator, name, email, MongoDocs.instant(d, "createdAt")));
        }
        return new PagedResult<>(total, rows);
    }

    @Override
    public Map<String, LastChange> lastChanges(UUID envId, List<UUID> flagIds) {
        Map<String, LastChange> out = new LinkedHashMap<>();
        if (flagIds.isEmpty()) {
            return out;
        }
        // One small sorted query per flag of the page rather than a $group aggregation, which the test server
        // (mongo-java-server) supports only partly; a flag page is at most a few hundred flags.
        Map<String, Document> last = new LinkedHashMap<>();
        for (UUID flagId : flagIds) {
            Document d = logs.find(and(eq("envId", envId), eq("refType", FEATURE_FLAG), ne("operation", Operation.Create.name()),
                    eq("refId", flagId.toString()))).sort(Sorts.descending("createdAt")).limit(1).first();
            if (d != null) {
                last.put(flagId.toString(), d);
            }
        }
        Set<UUID> creators = new HashSet<>();
        last.values().forEach(d -> addIfPresent(creators, MongoDocs.uuid(d, "creatorId")));
        Map<UUID, Document> userById = byId(users, creators);
        last.forEach((refId, d) -> {
            UUID creator = MongoDocs.uuid(d, "creatorId");
            Document user = creator == null ? null : userById.get(creator);
            String name = user == null || user.get("name") == null ? "Ghost" : MongoDocs.string(user, "name");
            String email = user == null || user.get("email") == null ? "Ghost" : MongoDocs.string(user, "email");
            out.put(refId, new LastChange(new Operator(creator, name, email), MongoDocs.instant(d, "createdAt"),
                    MongoDocs.string(d, "comment")));
        });
        return out;
    }

    @Override
    public long count() {
        return logs.countDocuments();
    }

    @Override
    public List<UUID> envIdsOfOrganization(UUID organizationId) {
        List<UUID> projectIds = new ArrayList<>();
        projects.find(eq("organizationId", organizationId)).projection(new Document("_id", 1))
                .forEach(d -> addIfPresent(projectIds, MongoDocs.uuid(d, "_id")));
        if (projectIds.isEmpty()) {
            return List.of();
        }
        List<UUID> out = new ArrayList<>();
        environments.find(in("projectId", projectIds)).projection(new Document("_id", 1))
                .forEach(d -> addIfPresent(out, MongoDocs.uuid(d, "_id")));
        return out;
    }

    private static Map<UUID, Document> byId(MongoCollection<Document> collection, Set<UUID> ids) {
        Map<UUID, Document> out = new HashMap<>();
        if (!ids.isEmpty()) {
            collection.find(in("_id", ids)).forEach(d -> out.put(MongoDocs.uuid(d, "_id"), d));
        }
        return out;
    }

    private static DataChange change(Object raw) {
        if (raw instanceof Document d) {
            return new DataChange(MongoDocs.nullableString(d, "previous"), MongoDocs.nullableString(d, "current"));
        }
        if (raw instanceof String json) {
            return PostgresAuditLogStore.readChange(json);
        }
        return new DataChange("", "");
    }

    private static <T> void addIfPresent(java.util.Collection<T> to, T value) {
        if (value != null) {
            to.add(value);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
