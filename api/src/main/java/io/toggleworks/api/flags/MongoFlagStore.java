package io.toggleworks.api.flags;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.NameLocks;
import io.toggleworks.api.db.OnMongoDb;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.infra.mongodb.document.FeatBitDocuments;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@link FlagStore} on FeatBit's {@code FeatureFlags} and {@code FlagRevisions} collections. Flags are written and
 * read with {@link FeatBitDocuments}, the shape the Evaluation Server's Mongo store reads; times keep milliseconds.
 */
@Repository
@OnMongoDb
public class MongoFlagStore implements FlagStore {
    /** Set on create only: an update leaves them as stored, as the PostgreSQL update does. */
    private static final List<String> KEPT_ON_UPDATE = List.of("_id", "envId", "createdAt", "creatorId");

    private final MongoCollection<Document> flags;
    private final MongoCollection<Document> revisions;
    private final NameLocks locks;

    /** Without name locks: for readers and single writers (tests, tools); the API's bean takes the locks. */
    public MongoFlagStore(MongoDatabase db) {
        this(db, (kind, scope, key) -> { });
    }

    @Autowired
    public MongoFlagStore(MongoDatabase db, NameLocks locks) {
        this.flags = db.getCollection("FeatureFlags");
        this.revisions = db.getCollection("FlagRevisions");
        this.locks = locks;
    }

    @Override
    public Optional<FeatureFlag> find(UUID envId, String key) {
        return first(Filters.and(Filters.eq("envId", envId), Filters.eq("key", key)));
    }

    @Override
    public Optional<FeatureFlag> findById(UUID id) {
        return first(Filters.eq("_id", id));
    }

    @Override
    public List<FeatureFlag> findByIds(UUID envId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return flags.find(Filters.and(Filters.eq("envId", envId), Filters.in("_id", ids)))
                .map(FeatBitDocuments::flag).into(new ArrayList<>());
    }

    @Override
    public boolean keyUsed(UUID envId, String key) {
        return flags.find(Filters.and(Filters.eq("envId", envId), MongoQueries.equalsIgnoreCase("key", key)))
                .limit(1).first() != null;
    }

    @Override
    public PagedResult<FeatureFlag> list(UUID envId, Filter f, Paging paging) {
        List<Bson> where = new ArrayList<>();
        where.add(Filters.eq("envId", envId));
        where.add(Filters.eq("isArchived", f.isArchived()));
        if (f.name() != null && !f.name().isBlank()) {
            String q = f.name().trim();
            where.add(Filters.or(MongoQueries.contains("name", q), MongoQueries.contains("key", q)));
        }
        if (f.tags() != null && !f.tags().isEmpty()) {
            where.add(Filters.all("tags", f.tags()));
        }
        if (f.isEnabled() != null) {
            where.add(Filters.eq("isEnabled", f.isEnabled()));
        }
        Bson filter = Filters.and(where);
        Bson order = "key".equalsIgnoreCase(f.sortBy())
                ? Sorts.orderBy(Sorts.ascending("key"), Sorts.ascending("_id"))
                : Sorts.orderBy(Sorts.descending("createdAt"), Sorts.ascending("_id"));
        long total = flags.countDocuments(filter);
        if (paging.pageSize() == 0 || paging.offset() >= total) {
            return new PagedResult<>(total, List.of());
        }
        List<FeatureFlag> items = flags.find(filter).sort(order)
                .skip((int) Math.min(Integer.MAX_VALUE, paging.offset())).limit(paging.pageSize())
                .map(FeatBitDocuments::flag).into(new ArrayList<>());
        return new PagedResult<>(total, items);
    }

    @Override
    public List<FeatureFlag> all(UUID envId, boolean archived) {
        return flags.find(Filters.and(Filters.eq("envId", envId), Filters.eq("isArchived", archived)))
                .sort(Sorts.orderBy(Sorts.descending("createdAt"), Sorts.ascending("_id")))
                .map(FeatBitDocuments::flag).into(new ArrayList<>());
    }

    @Override
    public List<String> allTags(UUID envId) {
        // Sorted here: distinct answers in no defined order. String order is code-point order, as PostgreSQL's C.UTF-8.
        TreeSet<String> tags = new TreeSet<>();
        flags.distinct("tags", Filters.and(Filters.eq("envId", envId), Filters.eq("isArchived", false)), String.class)
                .into(tags);
        return List.copyOf(tags);
    }

    @Override
    public void insert(FeatureFlag f) {
        // FeatBit's collection has no unique index on (envId, key), and a case-insensitive one would need a collation
        // that existing databases lack: check, then insert, under the key's name lock, held to the end of the caller's
        // @Transactional command. Outside one (or against a writer that takes no lock, e.g. FeatBit itself) two
        // racing creates can both pass the check.
        locks.lock("flag", f.envId(), f.key());
        if (keyUsed(f.envId(), f.key())) {
            throw new DuplicateKeyException("feature flag key '" + f.key() + "' is used in environment " + f.envId());
        }
        flags.insertOne(FeatBitDocuments.flagDocument(f));
    }

    @Override
    public boolean update(FeatureFlag f, UUID expectedRevision) {
        // One atomic single-document write with the revision as precondition (FeatBit's optimistic concurrency).
        Document set = FeatBitDocuments.flagDocument(f);
        KEPT_ON_UPDATE.forEach(set::remove);
        return flags.updateOne(Filters.and(Filters.eq("_id", f.id()), Filters.eq("revision", expectedRevision)),
                new Document("$set", set)).getMatchedCount() == 1;
    }

    @Override
    public void delete(UUID id) {
        flags.deleteOne(Filters.eq("_id", id));
    }

    @Override
    public List<FeatureFlag> referencingSegment(List<UUID> envIds, UUID segmentId) {
        if (envIds.isEmpty()) {
            return List.of();
        }
        // The server narrows to conditions mentioning the id; whether it is a segment condition is decided here.
        List<FeatureFlag> out = new ArrayList<>();
        flags.find(Filters.and(Filters.in("envId", envIds),
                        Filters.regex("rules.conditions.value", MongoQueries.literal(segmentId.toString()))))
                .map(FeatBitDocuments::flag)
                .forEach(f -> {
                    if (Flags.referencesSegment(f, segmentId)) {
                        out.add(f);
                    }
                });
        out.sort(Comparator.comparing(FeatureFlag::envId, MongoQueries.UUID_ORDER).thenComparing(FeatureFlag::createdAt));
        return out;
    }

    @Override
    public void touch(List<UUID> flagIds, Instant at, UUID updatorId) {
        if (flagIds.isEmpty()) {
            return;
        }
        flags.updateMany(Filters.in("_id", flagIds),
                Updates.combine(Updates.set("updatedAt", Date.from(at)), Updates.set("updatorId", updatorId)));
    }

    @Override
    public void insertRevision(FeatureFlag f, String comment) {
        String c = comment == null ? "" : comment.length() > 512 ? comment.substring(0, 512) : comment;
        revisions.insertOne(new Document("_id", UUID.randomUUID())
                .append("flag", FeatBitDocuments.flagDocument(f))
                .append("comment", c));
    }

    @Override
    public List<Revision> revisions(UUID flagId) {
        List<Revision> out = new ArrayList<>();
        revisions.find(Filters.eq("flag._id", flagId)).forEach(d -> {
            Document flag = d.get("flag", Document.class);
            String comment = d.getString("comment");
            out.add(new Revision(d.get("_id", UUID.class), FeatBitDocuments.flag(flag), comment == null ? "" : comment));
        });
        return out;
    }

    private Optional<FeatureFlag> first(Bson filter) {
        return Optional.ofNullable(flags.find(filter).first()).map(FeatBitDocuments::flag);
    }
}
