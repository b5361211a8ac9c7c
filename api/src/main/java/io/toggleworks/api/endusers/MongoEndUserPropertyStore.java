package io.toggleworks.api.endusers;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.OnMongoDb;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@link EndUserPropertyStore} on FeatBit's {@code EndUserProperties} collection ({@code _id, envId, name,
 * presetValues: [{_id, value, description}], usePresetValuesOnly, isBuiltIn, isDigestField, remark, createdAt,
 * updatedAt}).
 */
@Repository
@OnMongoDb
public class MongoEndUserPropertyStore implements EndUserPropertyStore {
    private final MongoCollection<Document> properties;

    public MongoEndUserPropertyStore(MongoDatabase db) {
        this.properties = db.getCollection("EndUserProperties");
    }

    @Override
    public List<EndUserProperty> list(UUID envId) {
        return properties.find(Filters.eq("envId", envId))
                .sort(Sorts.orderBy(Sorts.descending("isBuiltIn"), Sorts.ascending("createdAt", "name")))
                .map(MongoEndUserPropertyStore::map).into(new ArrayList<>());
    }

    @Override
    public List<String> names(UUID envId) {
        List<String> names = new ArrayList<>();
        for (Document d : properties.find(Filters.eq("envId", envId)).projection(new Document("name", 1))) {
            names.add(MongoEndUserStore.text(d, "name"));
        }
        return names;
    }

    @Override
    public Optional<EndUserProperty> find(UUID envId, UUID id) {
        return Optional.ofNullable(properties.find(Filters.and(Filters.eq("_id", id), Filters.eq("envId", envId))).first())
                .map(MongoEndUserPropertyStore::map);
    }

    @Override
    public Optional<EndUserProperty> findById(UUID id) {
        return Optional.ofNullable(properties.find(Filters.eq("_id", id)).first()).map(MongoEndUserPropertyStore::map);
    }

    @Override
    public boolean nameUsed(UUID envId, String name, UUID exceptId) {
        return properties.find(Filters.and(Filters.eq("envId", envId), Filters.eq("name", name), Filters.ne("_id", exceptId)))
                .limit(1).first() != null;
    }

    /**
     * One upsert by (env, name) per missing name. There is no unique index to arbitrate racing adds (FeatBit has
     * none), so a new property's {@code _id} derives from (env, name): of two racing inserts one fails on
     * {@code _id}, and the name is then known. Only if that id was taken by a property since renamed does the add
     * fall back to a random id.
     */
    @Override
    public int addMissing(UUID envId, List<String> names) {
        List<String> wanted = EndUserPropertyStore.wanted(names);
        if (wanted.isEmpty()) {
            return 0;
        }
        Set<String> existing = new HashSet<>(names(envId));
        int added = 0;
        for (String name : wanted) {
            if (existing.contains(name) || !insertIfMissing(envId, name, idOf(envId, name))) {
                continue;
            }
            added++;
        }
        return added;
    }

    private boolean insertIfMissing(UUID envId, String name, UUID id) {
        Date now = new Date();
        Bson byName = Filters.and(Filters.eq("envId", envId), Filters.eq("name", name));
        try {
            return properties.updateOne(byName, Updates.combine(
                    Updates.setOnInsert("_id", id), Updates.setOnInsert("presetValues", List.of()),
                    Updates.setOnInsert("usePresetValuesOnly", false), Updates.setOnInsert("isBuiltIn", false),
                    Updates.setOnInsert("isDigestField", false), Updates.setOnInsert("remark", ""),
                    Updates.setOnInsert("createdAt", now), Updates.setOnInsert("updatedAt", now)),
                    new UpdateOptions().upsert(true)).getUpsertedId() != null;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            if (properties.find(byName).limit(1).first() != null) {
                return false; // a racing add inserted it
            }
            return insertIfMissing(envId, name, UUID.randomUUID());
        }
    }

    static UUID idOf(UUID envId, String name) {
        return UUID.nameUUIDFromBytes(("end-user-property:" + envId + ":" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** One single-document write: insert, or replace the fields an edit changes (createdAt and isBuiltIn stay). */
    @Override
    public void upsert(EndUserProperty p) {
        List<Document> presets = p.presetValues().stream()
                .map(v -> new Document("_id", v.id()).append("value", v.value()).append("description", v.description()))
                .toList();
        properties.updateOne(Filters.eq("_id", p.id()), Updates.combine(
                Updates.setOnInsert("envId", p.envId()), Updates.setOnInsert("isBuiltIn", false),
                Updates.setOnInsert("createdAt", Date.from(p.createdAt())),
                Updates.set("name", p.name()), Updates.set("presetValues", presets),
                Updates.set("usePresetValuesOnly", p.usePresetValuesOnly()), Updates.set("isDigestField", p.isDigestField()),
                Updates.set("remark", p.remark()), Updates.set("updatedAt", Date.from(p.updatedAt()))),
                new UpdateOptions().upsert(true));
    }

    @Override
    public void delete(UUID id) {
        properties.deleteOne(Filters.eq("_id", id));
    }

    static EndUserProperty map(Document d) {
        List<EndUserProperty.PresetValue> presets = new ArrayList<>();
        if (d.get("presetValues") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Document v) {
                    Object id = v.containsKey("_id") ? v.get("_id") : v.get("id");
                    presets.add(new EndUserProperty.PresetValue(id == null ? "" : id.toString(),
                            MongoEndUserStore.text(v, "value"), MongoEndUserStore.text(v, "description")));
                }
            }
        }
        return new EndUserProperty(MongoEndUserStore.uuid(d, "_id"), MongoEndUserStore.uuid(d, "envId"),
                MongoEndUserStore.text(d, "name"), presets, Boolean.TRUE.equals(d.get("usePresetValuesOnly")),
                Boolean.TRUE.equals(d.get("isBuiltIn")), Boolean.TRUE.equals(d.get("isDigestField")),
                MongoEndUserStore.text(d, "remark"), MongoEndUserStore.instant(d, "createdAt"),
                MongoEndUserStore.instant(d, "updatedAt"));
    }
}
