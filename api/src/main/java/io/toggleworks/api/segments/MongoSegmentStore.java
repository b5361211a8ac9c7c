package io.toggleworks.api.segments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.NameLocks;
import io.toggleworks.api.db.OnMongoDb;
import io.toggleworks.api.flags.MongoQueries;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.infra.mongodb.document.FeatBitDocuments;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@link SegmentStore} on FeatBit's {@code Segments} collection, written with {@link FeatBitDocuments} (the shape the
 * Evaluation Server's Mongo store reads) plus the stored-only {@code workspaceId}, {@code type} and {@code scopes}.
 */
@Repository
@OnMongoDb
public class MongoSegmentStore implements SegmentStore {
    private final MongoCollection<Document> segments;

    private final NameLocks locks;

    /** Without name locks: for readers and single writers (tests, tools); the API's bean takes the locks. */
    public MongoSegmentStore(MongoDatabase db) {
        this(db, (kind, scope, key) -> { });
    }

    @Autowired
    public MongoSegmentStore(MongoDatabase db, NameLocks locks) {
        this.segments = db.getCollection("Segments");
        this.locks = locks;
    }

    @Override
    public Optional<SegmentEntity> find(UUID id) {
        return Optional.ofNullable(segments.find(Filters.eq("_id", id)).first()).map(MongoSegmentStore::entity);
    }

    @Override
    public List<SegmentEntity> candidates(UUID workspaceId, UUID envId, String name, Boolean archived) {
        List<Bson> where = new ArrayList<>();
        where.add(Filters.or(
                Filters.and(Filters.ne("type", SegmentEntity.SHARED), Filters.eq("envId", envId)),
                Filters.and(Filters.eq("type", SegmentEntity.SHARED), Filters.eq("workspaceId", workspaceId))));
        if (archived != null) {
            where.add(Filters.eq("isArchived", archived));
        }
        if (name != null && !name.isBlank()) {
            String q = name.trim();
            where.add(Filters.or(MongoQueries.contains("name", q), MongoQueries.contains("key", q)));
        }
        return segments.find(Filters.and(where))
                .sort(Sorts.orderBy(Sorts.descending("updatedAt"), Sorts.ascending("_id")))
                .map(MongoSegmentStore::entity).into(new ArrayList<>());
    }

    @Override
    public boolean keyUsed(UUID workspaceId, UUID envId, String key, boolean shared) {
        Bson scope = shared
                ? Filters.and(Filters.eq("workspaceId", workspaceId), Filters.eq("type", SegmentEntity.SHARED))
                : Filters.and(Filters.eq("envId", envId), Filters.ne("type", SegmentEntity.SHARED));
        return segments.find(Filters.and(scope, MongoQueries.equalsIgnoreCase("key", key))).limit(1).first() != null;
    }

    @Override
    public List<String> allTags(UUID envId) {
        // Sorted here: distinct answers in no defined order.
        TreeSet<String> tags = new TreeSet<>();
        segments.distinct("tags", Filters.eq("envId", envId), String.class).into(tags);
        return List.copyOf(tags);
    }

    @Override
    public void insert(SegmentEntity s) {
        // FeatBit's collection has no unique index on keys, and a case-insensitive one needs a collation existing
        // databases lack: check, then insert, under the key's name lock, held to the end of the caller's
        // @Transactional command. Outside one (or against a writer that takes no lock) two racing creates can both pass.
        boolean shared = !s.isEnvironmentSpecific();
        locks.lock(shared ? "shared-segment" : "segment", shared ? s.workspaceId() : s.envId(), s.key());
        if (keyUsed(s.workspaceId(), s.envId(), s.key(), shared)) {
            throw new DuplicateKeyException("segment key '" + s.key() + "' is used");
        }
        segments.insertOne(document(s));
    }

    @Override
    public boolean update(SegmentEntity s, Instant expectedUpdatedAt) {
        // One atomic single-document write with updatedAt as precondition, as the PostgreSQL update.
        Document d = document(s);
        return segments.updateOne(
                Filters.and(Filters.eq("_id", s.id()), Filters.eq("updatedAt", Date.from(expectedUpdatedAt))),
                Updates.combine(
                        Updates.set("name", d.get("name")),
                        Updates.set("description", d.get("description")),
                        Updates.set("included", d.get("included")),
                        Updates.set("excluded", d.get("excluded")),
                        Updates.set("rules", d.get("rules")),
                        Updates.set("tags", d.get("tags")),
                        Updates.set("isArchived", d.get("isArchived")),
                        Updates.set("updatedAt", d.get("updatedAt"))))
                .getMatchedCount() == 1;
    }

    @Override
    public void delete(UUID id) {
        segments.deleteOne(Filters.eq("_id", id));
    }

    static Document document(SegmentEntity s) {
        return FeatBitDocuments.segmentDocument(s.toWire(s.envId()), s.workspaceId(), s.type(), s.scopes());
    }

    static SegmentEntity entity(Document d) {
        Segment s = FeatBitDocuments.segment(d);
        Object ws = d.get("workspaceId");
        String type = d.getString("type");
        return new SegmentEntity(s.id(), ws instanceof UUID u ? u : null, s.envId(), s.name(), s.key(),
                type == null ? SegmentEntity.ENVIRONMENT_SPECIFIC : type, d.getList("scopes", String.class, List.of()),
                s.description(), s.included(), s.excluded(), s.rules(), s.tags(), s.isArchived(), s.createdAt(), s.updatedAt());
    }
}
