package io.toggleworks.api.experiments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.OnMongoDb;
import io.toggleworks.core.json.Json;
import io.toggleworks.infra.mongodb.document.FeatBitDocuments;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@link ExperimentStore} on FeatBit's {@code Experiments} collection ({@code _id, envId, metricId, featureFlagId,
 * isArchived, status, baselineVariationId, iterations, alpha, createdAt, updatedAt}); iterations are embedded
 * documents with {@code _id} and BSON dates, as FeatBit's driver writes them.
 */
@Repository
@OnMongoDb
public class MongoExperimentStore implements ExperimentStore {
    private static final Bson LIVE = Filters.ne("isArchived", true);

    private final MongoCollection<Document> experiments;

    public MongoExperimentStore(MongoDatabase db) {
        this.experiments = db.getCollection("Experiments");
    }

    @Override
    public void insert(Experiment e) {
        experiments.insertOne(new Document("_id", e.id()).append("envId", e.envId()).append("metricId", e.metricId())
                .append("featureFlagId", e.featureFlagId()).append("isArchived", e.isArchived()).append("status", e.status())
                .append("baselineVariationId", e.baselineVariationId()).append("iterations", iterations(e.iterations()))
                .append("alpha", e.alpha()).append("createdAt", Date.from(e.createdAt()))
                .append("updatedAt", Date.from(e.updatedAt())));
    }

    /**
     * BSON dates hold milliseconds: a second write in the same millisecond as the first would leave the token
     * unchanged and let a stale writer through, so the stored {@code updatedAt} always moves forward by at least 1 ms.
     */
    @Override
    public boolean update(Experiment after, Experiment before) {
        Date next = new Date(Math.max(after.updatedAt().toEpochMilli(), before.updatedAt().toEpochMilli() + 1));
        return experiments.updateOne(
                Filters.and(Filters.eq("_id", after.id()), Filters.eq("updatedAt", Date.from(before.updatedAt()))),
                Updates.combine(Updates.set("status", after.status()), Updates.set("isArchived", after.isArchived()),
                        Updates.set("iterations", iterations(after.iterations())), Updates.set("updatedAt", next)))
                .getModifiedCount() == 1;
    }

    @Override
    public Optional<Experiment> find(UUID envId, UUID id) {
        return Optional.ofNullable(experiments.find(Filters.and(Filters.eq("_id", id), Filters.eq("envId", envId))).first())
                .map(MongoExperimentStore::map);
    }

    @Override
    public Optional<Experiment> findLive(UUID envId, UUID flagId, UUID metricId) {
        return Optional.ofNullable(experiments.find(Filters.and(Filters.eq("envId", envId), Filters.eq("featureFlagId", flagId),
                        Filters.eq("metricId", metricId), LIVE)).sort(Sorts.ascending("createdAt")).first())
                .map(MongoExperimentStore::map);
    }

    @Override
    public boolean metricInUse(UUID metricId) {
        return experiments.find(Filters.and(Filters.eq("metricId", metricId), LIVE)).limit(1).first() != null;
    }

    @Override
    public List<Experiment> listLive(UUID envId, Optional<UUID> flagId) {
        List<Bson> where = new ArrayList<>(List.of(Filters.eq("envId", envId), LIVE));
        flagId.ifPresent(f -> where.add(Filters.eq("featureFlagId", f)));
        return experiments.find(Filters.and(where))
                .sort(Sorts.orderBy(Sorts.descending("createdAt"), Sorts.ascending("_id")))
                .map(MongoExperimentStore::map).into(new ArrayList<>());
    }

    /** Counted here rather than by an aggregation: an environment has few experiments. */
    @Override
    public List<StatusCount> statusCount(UUID envId) {
        Map<String, Long> counts = new TreeMap<>();
        for (Document d : experiments.find(Filters.and(Filters.eq("envId", envId), LIVE)).projection(Projections.include("status"))) {
            counts.merge(d.get("status") == null ? "" : d.get("status").toString(), 1L, Long::sum);
        }
        return counts.entrySet().stream().map(e -> new StatusCount(e.getKey(), e.getValue())).toList();
    }

    private static List<Document> iterations(List<ExperimentIteration> iterations) {
        return iterations.stream().map(it -> {
            Document d = FeatBitDocuments.document(it);
            d.put("startTime", date(it.startTime()));
            d.put("endTime", date(it.endTime()));
            d.put("updatedAt", date(it.updatedAt()));
            return d;
        }).toList();
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Experiment map(Document d) {
        List<ExperimentIteration> iterations = new ArrayList<>();
        if (d.get("iterations") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Document it) {
                    iterations.add(Json.mapper().convertValue(FeatBitDocuments.plain(it), ExperimentIteration.class));
                }
            }
        }
        double alpha = d.get("alpha") instanceof Number n ? n.doubleValue() : 0;
        return new Experiment(uuid(d, "_id"), uuid(d, "envId"), uuid(d, "metricId"), uuid(d, "featureFlagId"),
                Boolean.TRUE.equals(d.get("isArchived")), text(d, "status"),
                d.get("baselineVariationId") == null ? null : d.get("baselineVariationId").toString(), iterations,
                alpha == 0 ? Experiment.DEFAULT_ALPHA : alpha, instant(d, "createdAt"), instant(d, "updatedAt"));
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
        return v == null ? null : v.toString();
    }
}
