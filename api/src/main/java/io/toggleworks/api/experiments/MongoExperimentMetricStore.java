package io.toggleworks.api.experiments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.OnMongoDb;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@link ExperimentMetricStore} on FeatBit's {@code ExperimentMetrics} collection (camelCase of the columns,
 * {@code targetUrls: [{_id, matchType, url}]}); maintainers come from {@code Users} and {@code OrganizationUsers}.
 */
@Repository
@OnMongoDb
public class MongoExperimentMetricStore implements ExperimentMetricStore {
    private final MongoCollection<Document> metrics;
    private final MongoCollection<Document> users;
    private final MongoCollection<Document> organizationUsers;

    public MongoExperimentMetricStore(MongoDatabase db) {
        this.metrics = db.getCollection("ExperimentMetrics");
        this.users = db.getCollection("Users");
        this.organizationUsers = db.getCollection("OrganizationUsers");
    }

    @Override
    public void insert(ExperimentMetric m) {
        metrics.insertOne(new Document("_id", m.id()).append("envId", m.envId()).append("name", m.name())
                .append("description", m.description()).append("maintainerUserId", m.maintainerUserId())
                .append("eventName", m.eventName()).append("eventType", m.eventType())
                .append("customEventTrackOption", m.customEventTrackOption()).append("customEventUnit", m.customEventUnit())
                .append("customEventSuccessCriteria", m.customEventSuccessCriteria())
                .append("elementTargets", m.elementTargets()).append("targetUrls", targetUrls(m.targetUrls()))
                .append("isArvhived", m.isArvhived()).append("createdAt", Date.from(m.createdAt()))
                .append("updatedAt", Date.from(m.updatedAt())));
    }

    @Override
    public void update(ExperimentMetric m) {
        metrics.updateOne(Filters.and(Filters.eq("_id", m.id()), Filters.eq("envId", m.envId())), Updates.combine(
                Updates.set("name", m.name()), Updates.set("description", m.description()),
                Updates.set("maintainerUserId", m.maintainerUserId()), Updates.set("eventName", m.eventName()),
                Updates.set("eventType", m.eventType()), Updates.set("customEventTrackOption", m.customEventTrackOption()),
                Updates.set("customEventUnit", m.customEventUnit()),
                Updates.set("customEventSuccessCriteria", m.customEventSuccessCriteria()),
                Updates.set("elementTargets", m.elementTargets()), Updates.set("targetUrls", targetUrls(m.targetUrls())),
                Updates.set("isArvhived", m.isArvhived()), Updates.set("updatedAt", Date.from(m.updatedAt()))));
    }

    @Override
    public Optional<ExperimentMetric> find(UUID envId, UUID id) {
        return Optional.ofNullable(metrics.find(Filters.and(Filters.eq("_id", id), Filters.eq("envId", envId))).first())
                .map(MongoExperimentMetricStore::map);
    }

    @Override
    public PagedResult<ExperimentMetric> list(UUID envId, String name, Integer eventType, Paging paging) {
        List<Bson> where = new ArrayList<>(List.of(Filters.eq("envId", envId), Filters.ne("isArvhived", true)));
        if (name != null && !name.isBlank()) {
            where.add(Filters.regex("name", Pattern.quote(name.trim()), "i"));
        }
        if (eventType != null) {
            where.add(Filters.eq("eventType", eventType));
        }
        Bson filter = Filters.and(where);
        long total = metrics.countDocuments(filter);
        List<ExperimentMetric> items = metrics.find(filter)
                .sort(Sorts.orderBy(Sorts.descending("updatedAt"), Sorts.ascending("_id")))
                .skip((int) Math.min(Integer.MAX_VALUE, paging.offset())).limit(paging.pageSize())
                .map(MongoExperimentMetricStore::map).into(new ArrayList<>());
        return new PagedResult<>(total, items);
    }

    @Override
    public Map<UUID, ExperimentMetric> byIds(List<UUID> ids) {
        Map<UUID, ExperimentMetric> result = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            metrics.find(Filters.in("_id", ids.stream().distinct().toList())).map(MongoExperimentMetricStore::map)
                    .forEach(m -> result.put(m.id(), m));
        }
        return result;
    }

    @Override
    public Optional<Maintainer> maintainer(UUID organizationId, UUID userId) {
        if (organizationUsers.find(Filters.and(Filters.eq("organizationId", organizationId), Filters.eq("userId", userId)))
                .limit(1).first() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(users.find(Filters.eq("_id", userId)).projection(Projections.include("name", "email")).first())
                .map(MongoExperimentMetricStore::maintainer);
    }

    @Override
    public Map<UUID, Maintainer> maintainers(List<UUID> userIds) {
        Map<UUID, Maintainer> result = new LinkedHashMap<>();
        if (!userIds.isEmpty()) {
            users.find(Filters.in("_id", userIds.stream().distinct().toList())).projection(Projections.include("name", "email"))
                    .map(MongoExperimentMetricStore::maintainer).forEach(m -> result.put(m.id(), m));
        }
        return result;
    }

    private static Maintainer maintainer(Document d) {
        return new Maintainer(MongoExperimentStore.uuid(d, "_id"), MongoExperimentStore.text(d, "name"),
                MongoExperimentStore.text(d, "email"));
    }

    private static List<Document> targetUrls(List<ExperimentMetric.TargetUrl> urls) {
        return urls.stream().map(u -> new Document("_id", u.id()).append("matchType", u.matchType()).append("url", u.url()))
                .toList();
    }

    static ExperimentMetric map(Document d) {
        List<ExperimentMetric.TargetUrl> urls = new ArrayList<>();
        if (d.get("targetUrls") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Document u) {
                    Object id = u.containsKey("_id") ? u.get("_id") : u.get("id");
                    urls.add(new ExperimentMetric.TargetUrl(id == null ? null : id.toString(), number(u, "matchType"),
                            MongoExperimentStore.text(u, "url")));
                }
            }
        }
        return new ExperimentMetric(MongoExperimentStore.uuid(d, "_id"), MongoExperimentStore.uuid(d, "envId"),
                MongoExperimentStore.text(d, "name"), MongoExperimentStore.text(d, "description"),
                MongoExperimentStore.uuid(d, "maintainerUserId"), MongoExperimentStore.text(d, "eventName"),
                number(d, "eventType"), number(d, "customEventTrackOption"), MongoExperimentStore.text(d, "customEventUnit"),
                number(d, "customEventSuccessCriteria"), MongoExperimentStore.text(d, "elementTargets"), urls,
                Boolean.TRUE.equals(d.get("isArvhived")), MongoExperimentStore.instant(d, "createdAt"),
                MongoExperimentStore.instant(d, "updatedAt"));
    }

    private static int number(Document d, String field) {
        return d.get(field) instanceof Number n ? n.intValue() : 0;
    }
}
