package io.toggleworks.api.endusers;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.OnMongoDb;
import io.toggleworks.core.enduser.CustomizedProperty;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@link EndUserStore} on FeatBit's {@code EndUsers} collection ({@code _id, workspaceId, envId, keyId, name,
 * customizedProperties: [{name, value}], createdAt, updatedAt}); its {@code {envId, updatedAt: -1, _id: -1}} index
 * serves the keyset pages.
 */
@Repository
@OnMongoDb
public class MongoEndUserStore implements EndUserStore {
    private static final int UPSERT_ATTEMPTS = 5;
    private static final Bson NEWEST_FIRST = Sorts.descending("updatedAt", "_id");

    private final MongoCollection<Document> users;

    public MongoEndUserStore(MongoDatabase db) {
        this.users = db.getCollection("EndUsers");
    }

    @Override
    public Optional<EndUserRecord> find(UUID envId, UUID id) {
        return Optional.ofNullable(users.find(Filters.and(Filters.eq("_id", id), Filters.eq("envId", envId))).first())
                .map(MongoEndUserStore::map);
    }

    @Override
    public List<EndUserRecord> byKeyIds(UUID envId, List<String> keyIds) {
        if (keyIds.isEmpty()) {
            return List.of();
        }
        return users.find(Filters.and(Filters.eq("envId", envId), Filters.in("keyId", keyIds))).sort(NEWEST_FIRST)
                .map(MongoEndUserStore::map).into(new ArrayList<>());
    }

    /**
     * The collection has no unique index on {envId, keyId} (FeatBit's is not unique, and existing data may break
     * one), so a new user gets an {@code _id} derived from (env, keyId): two racing first upserts of one user
     * collide on {@code _id}, and the loser updates the winner's document instead of adding a duplicate.
     */
    @Override
    public EndUserRecord upsert(UUID envId, String keyId, String name, List<CustomizedProperty> properties) {
        String n = name == null ? "" : name;
        List<CustomizedProperty> props = properties == null ? List.of() : List.copyOf(properties);
        Bson byKey = Filters.and(Filters.eq("envId", envId), Filters.eq("keyId", keyId));
        for (int attempt = 1; ; attempt++) {
            Document existing = users.find(byKey).sort(Sorts.ascending("createdAt", "_id")).first();
            if (existing != null) {
                EndUserRecord stored = map(existing);
                if (stored.name().equals(n) && stored.customizedProperties().equals(props)) {
                    return stored;
                }
                Document updated = users.findOneAndUpdate(Filters.eq("_id", existing.get("_id")),
                        Updates.combine(Updates.set("name", n), Updates.set("customizedProperties", documents(props)),
                                Updates.set("updatedAt", new Date())),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                if (updated != null) {
                    return map(updated);
                }
                continue; // removed meanwhile (its environment was deleted): insert it again
            }
            Date now = new Date();
            Document doc = new Document("_id", idOf(envId, keyId)).append("workspaceId", null).append("envId", envId)
                    .append("keyId", keyId).append("name", n).append("customizedProperties", documents(props))
                    .append("createdAt", now).append("updatedAt", now);
            try {
                users.insertOne(doc);
                return map(doc);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY || attempt >= UPSERT_ATTEMPTS) {
                    throw e;
                }
                // Another upsert of the same user inserted it first: update that one.
            }
        }
    }

    /** The {@code _id} of a user this store inserts: the same for the same (env, keyId). */
    static UUID idOf(UUID envId, String keyId) {
        return UUID.nameUUIDFromBytes(("end-user:" + envId + ":" + keyId).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<EndUserRecord> search(UUID envId, UUID workspaceId, String text, List<String> excludedKeyIds, boolean globalOnly,
                                      int limit) {
        Bson global = Filters.and(Filters.eq("envId", null), Filters.eq("workspaceId", workspaceId));
        List<Bson> where = new ArrayList<>();
        where.add(globalOnly ? global : Filters.or(Filters.eq("envId", envId), global));
        text(text).ifPresent(where::add);
        if (!excludedKeyIds.isEmpty()) {
            where.add(Filters.nin("keyId", excludedKeyIds));
        }
        return users.find(Filters.and(where)).sort(NEWEST_FIRST).limit(limit).map(MongoEndUserStore::map)
                .into(new ArrayList<>());
    }

    @Override
    public CursorPage page(UUID envId, String text, Cursor cursor, int pageSize) {
        boolean backward = EndUserStore.isBackward(cursor);
        List<Bson> where = new ArrayList<>();
        where.add(Filters.eq("envId", envId));
        text(text).ifPresent(where::add);
        if (EndUserStore.positions(cursor)) {
            // (updatedAt, _id) > or < the cursor's, as PostgreSQL's row comparison.
            Date at = Date.from(cursor.updatedAt());
            where.add(backward
                    ? Filters.or(Filters.gt("updatedAt", at), Filters.and(Filters.eq("updatedAt", at), Filters.gt("_id", cursor.id())))
                    : Filters.or(Filters.lt("updatedAt", at), Filters.and(Filters.eq("updatedAt", at), Filters.lt("_id", cursor.id()))));
        }
        Bson order = backward ? Sorts.ascending("updatedAt", "_id") : NEWEST_FIRST;
        return EndUserStore.pageOf(users.find(Filters.and(where)).sort(order).limit(pageSize + 1)
                .map(MongoEndUserStore::map).into(new ArrayList<>()), cursor, pageSize);
    }

    @Override
    public long count(UUID envId, String text) {
        List<Bson> where = new ArrayList<>();
        where.add(Filters.eq("envId", envId));
        text(text).ifPresent(where::add);
        return users.countDocuments(Filters.and(where));
    }

    @Override
    public List<EndUserRecord> all(UUID envId, String text, int limit) {
        List<Bson> where = new ArrayList<>();
        where.add(Filters.eq("envId", envId));
        text(text).ifPresent(where::add);
        return users.find(Filters.and(where)).sort(NEWEST_FIRST).limit(limit).map(MongoEndUserStore::map)
                .into(new ArrayList<>());
    }

    /** keyId or name contains the trimmed text, ignoring case (SQL's {@code ilike '%text%'}), as an escaped regex. */
    private static Optional<Bson> text(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String q = Pattern.quote(text.trim());
        return Optional.of(Filters.or(Filters.regex("keyId", q, "i"), Filters.regex("name", q, "i")));
    }

    private static List<Document> documents(List<CustomizedProperty> props) {
        return props.stream().map(p -> new Document("name", p.name()).append("value", p.value())).toList();
    }

    static EndUserRecord map(Document d) {
        List<CustomizedProperty> props = new ArrayList<>();
        if (d.get("customizedProperties") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Document p) {
                    Object value = p.get("value");
                    props.add(new CustomizedProperty(p.getString("name"), value == null ? null : value.toString()));
                }
            }
        }
        return new EndUserRecord(uuid(d, "_id"), uuid(d, "workspaceId"), uuid(d, "envId"), text(d, "keyId"),
                text(d, "name"), props, instant(d, "createdAt"), instant(d, "updatedAt"));
    }

    static UUID uuid(Document d, String field) {
        Object v = d.get(field);
        return v instanceof UUID u ? u : v instanceof String s && !s.isBlank() ? UUID.fromString(s) : null;
    }

    static Instant instant(Document d, String field) {
        return d.get(field) instanceof Date date ? date.toInstant() : null;
    }

    static String text(Document d, String field) {
        Object v = d.get(field);
        return v == null ? "" : v.toString();
    }
}
