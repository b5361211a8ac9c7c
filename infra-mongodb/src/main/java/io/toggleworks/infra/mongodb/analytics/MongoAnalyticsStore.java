package io.toggleworks.infra.mongodb.analytics;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.ArmData;
import io.toggleworks.spi.analytics.BucketCount;
import io.toggleworks.spi.analytics.ExperimentQuery;
import io.toggleworks.spi.analytics.FlagEndUser;
import io.toggleworks.spi.analytics.FlagEndUsersPage;
import io.toggleworks.spi.analytics.FlagEndUsersQuery;
import io.toggleworks.spi.analytics.FlagInsightsQuery;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.bson.BsonInvalidOperationException;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.json.JsonParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * FeatBit's analytics on the {@code Events} collection (infrastructure-and-analytics.md §4.2, §5.4-5.6): documents
 * {@code {_id: "<uuid>", distinct_id, env_id, event, properties: {...}, timestamp: Date}}, read with aggregation
 * pipelines. Properties are read by FeatBit's names ({@code variationId}, {@code userKeyId}, {@code userName},
 * {@code sendToExperiment}, {@code user.keyId}, {@code numericValue}), falling back to the {@code tag_N} copies.
 * The experiment join and variance run in Java, as do the bucket texts turned back into instants (ADR 0051).
 */
public final class MongoAnalyticsStore implements AnalyticsStore {
    private static final Logger log = LoggerFactory.getLogger(MongoAnalyticsStore.class);
    static final String COLLECTION = "Events";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoClient client;
    private final MongoDatabase db;
    private final MongoCollection<Document> events;

    /** @param client closed with the store */
    public MongoAnalyticsStore(MongoClient client, String database) {
        this.client = client;
        this.db = client.getDatabase(database);
        this.events = db.getCollection(COLLECTION);
    }

    /** The DAS migration's index, created when the collection does not exist yet, as FeatBit's DAS does. */
    public void ensureIndex() {
        run(() -> {
            List<String> names = db.listCollectionNames().into(new ArrayList<>());
            if (!names.contains(COLLECTION)) {
                events.createIndex(new Document("event", 1).append("env_id", 1).append("distinct_id", 1).append("timestamp", 1));
            }
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------------ append

    @Override
    public void append(List<AnalyticsEvent> batch) {
        List<Document> docs = new ArrayList<>(batch.size());
        for (AnalyticsEvent e : batch) {
            Document properties;
            try {
                properties = Document.parse(e.propertiesJson());
            } catch (JsonParseException | BsonInvalidOperationException | IllegalArgumentException malformed) {
                // One bad event must not cost the batch; FeatBit's writer drops malformed messages too.
                log.warn("dropping analytics event {}: properties are not a JSON object ({})", e.id(), malformed.getMessage());
                continue;
            }
            docs.add(new Document("_id", e.id().toString())
                    .append("distinct_id", e.distinctId())
                    .append("env_id", e.envId())
                    .append("event", e.event())
                    .append("properties", properties)
                    .append("timestamp", new Date(Math.floorDiv(e.timestampMicros(), 1000L))));
        }
        if (docs.isEmpty()) {
            return;
        }
        run(() -> {
            try {
                // Unordered: every new event is written even when some ids are already there (a redelivered batch).
                events.insertMany(docs, new InsertManyOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                List<BulkWriteError> other = e.getWriteErrors().stream().filter(w -> w.getCode() != DUPLICATE_KEY).toList();
                if (!other.isEmpty() || e.getWriteConcernError() != null) {
                    throw e;
                }
            }
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------- flag insights

    @Override
    public List<BucketCount> flagInsights(FlagInsightsQuery q) {
        InsightBuckets buckets = new InsightBuckets(q.interval(), q.timezone());
        List<Document> pipeline = List.of(
                new Document("$match", flagEvents(q.envId(), q.flagExptId(), q.start(), q.end())),
                new Document("$group", new Document("_id", new Document("v", VARIATION)
                        .append("b", new Document("$dateToString", new Document("format", buckets.serverFormat())
                                .append("date", "$timestamp").append("timezone", buckets.serverTimezone()))))
                        .append("n", new Document("$sum", 1))));
        Map<Instant, Map<String, Long>> counts = new TreeMap<>();
        run(() -> {
            for (Document d : events.aggregate(pipeline).allowDiskUse(true)) {
                Document id = d.get("_id", Document.class);
                Instant bucket = buckets.start(id.getString("b"));
                String variation = id.getString("v");
                counts.computeIfAbsent(bucket, b -> new TreeMap<>()).merge(variation == null ? "" : variation, number(d.get("n")), Long::sum);
            }
            return null;
        });
        List<BucketCount> out = new ArrayList<>();
        counts.forEach((bucket, byVariation) -> byVariation.forEach((v, n) -> out.add(new BucketCount(bucket, v, n))));
        return out;
    }

    // -------------------------------------------------------------------------------------------- end users

    @Override
    public FlagEndUsersPage flagEndUsers(FlagEndUsersQuery q) {
        List<Bson> filters = new ArrayList<>();
        filters.add(flagEvents(q.envId(), q.flagExptId(), q.start(), q.end()));
        q.variationId().ifPresent(v -> filters.add(Filters.or(Filters.eq("properties.variationId", v),
                Filters.and(Filters.exists("properties.variationId", false), Filters.eq("properties.tag_1", v)))));
        q.query().ifPresent(text -> {
            String literal = LiteralPattern.of(text);
            filters.add(Filters.or(
                    Filters.regex("properties.userKeyId", literal, "i"), Filters.regex("properties.userName", literal, "i"),
                    Filters.and(Filters.exists("properties.userKeyId", false), Filters.regex("properties.tag_0", literal, "i")),
                    Filters.and(Filters.exists("properties.userName", false), Filters.regex("properties.tag_3", literal, "i"))));
        });
        List<Document> pipeline = List.of(
                new Document("$match", Filters.and(filters).toBsonDocument()),
                // The max of {t, n} documents is the latest evaluation with its name: no sort of the raw events.
                new Document("$group", new Document("_id", new Document("v", VARIATION).append("u", USER_KEY))
                        .append("latest", new Document("$max", new Document("t", "$timestamp").append("n", USER_NAME)))),
                new Document("$facet", new Document("total", List.of(new Document("$count", "n")))
                        .append("items", List.of(
                                new Document("$sort", new Document("latest.t", -1).append("_id.v", 1).append("_id.u", 1)),
                                new Document("$skip", (long) q.pageIndex() * q.pageSize()),
                                new Document("$limit", q.pageSize())))));
        return run(() -> {
            // Disk use: sorting many (variation, user) pairs may pass MongoDB's in-memory limit before 6.0.
            Document facets = events.aggregate(pipeline).allowDiskUse(true).first();
            if (facets == null) {
                return new FlagEndUsersPage(0, List.of());
            }
            List<Document> total = facets.getList("total", Document.class, List.of());
            long totalCount = total.isEmpty() ? 0 : number(total.getFirst().get("n"));
            List<FlagEndUser> items = new ArrayList<>();
            for (Document d : facets.getList("items", Document.class, List.of())) {
                Document id = d.get("_id", Document.class);
                Document latest = d.get("latest", Document.class);
                items.add(new FlagEndUser(text(id.get("v")), text(id.get("u")), text(latest.get("n")), latest.getDate("t").toInstant()));
            }
            return new FlagEndUsersPage(totalCount, items);
        });
    }

    // ------------------------------------------------------------------------------------------ experiments

    @Override
    public List<ArmData> experimentArms(ExperimentQuery q) {
        Bson exposed = Filters.and(flagEvents(q.envId(), q.flagExptId(), q.start(), q.end()),
                Filters.or(Filters.eq("properties.sendToExperiment", true),
                        Filters.and(Filters.exists("properties.sendToExperiment", false), Filters.eq("properties.tag_2", "true"))));
        List<Document> exposures = List.of(
                new Document("$match", exposed.toBsonDocument()),
                new Document("$group", new Document("_id", new Document("u", USER_KEY).append("v", VARIATION))));
        List<Document> metrics = List.of(
                new Document("$match", Filters.and(window(q.envId(), q.start(), q.end()), Filters.eq("event", q.metricEventType()),
                        Filters.eq("distinct_id", q.metricEventName())).toBsonDocument()),
                new Document("$group", new Document("_id", METRIC_USER_KEY)
                        .append("sum", new Document("$sum", new Document("$ifNull", List.of("$properties.numericValue", 0))))));
        return run(() -> {
            // Per-user metric sums first (one row per converting user), then the exposures streamed past them.
            Map<String, Double> perUser = new HashMap<>();
            for (Document d : events.aggregate(metrics).allowDiskUse(true)) {
                perUser.put(text(d.get("_id")), ((Number) d.get("sum")).doubleValue());
            }
            ExperimentArms arms = new ExperimentArms(q.numeric());
            for (Document d : events.aggregate(exposures).allowDiskUse(true)) {
                Document id = d.get("_id", Document.class);
                arms.add(text(id.get("v")), perUser.get(text(id.get("u"))));
            }
            return arms.result();
        });
    }

    // ------------------------------------------------------------------------------------------ availability

    @Override
    public boolean isAvailable() {
        try {
            db.runCommand(new Document("ping", 1));
            return true;
        } catch (MongoException e) {
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }

    // --------------------------------------------------------------------------------------------- helpers

    private static final Document VARIATION = ifNull("$properties.variationId", "$properties.tag_1");
    private static final Document USER_KEY = ifNull("$properties.userKeyId", "$properties.tag_0");
    private static final Document USER_NAME = ifNull("$properties.userName", "$properties.tag_3");
    private static final Document METRIC_USER_KEY = ifNull("$properties.user.keyId", "$properties.tag_0");

    private static Document ifNull(String field, String fallback) {
        return new Document("$ifNull", List.of(field, fallback));
    }

    private static Bson flagEvents(String envId, String flagExptId, Instant start, Instant end) {
        return Filters.and(window(envId, start, end), Filters.eq("event", "FlagValue"), Filters.eq("distinct_id", flagExptId));
    }

    /** {@code env_id} and {@code start < timestamp < end} on BSON dates (milliseconds). */
    private static Bson window(String envId, Instant start, Instant end) {
        // A stored time t (whole ms) is after start exactly when t > floor(start); before end when t < ceil(end).
        long endMs = end.toEpochMilli() + (end.getNano() % 1_000_000 == 0 ? 0 : 1);
        return Filters.and(Filters.eq("env_id", envId), Filters.gt("timestamp", new Date(start.toEpochMilli())),
                Filters.lt("timestamp", new Date(endMs)));
    }

    private static long number(Object n) {
        return ((Number) n).longValue();
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    private <T> T run(Supplier<T> work) {
        try {
            return work.get();
        } catch (MongoBulkWriteException e) {
            throw new IllegalStateException("MongoDB rejected analytics events: " + e.getMessage(), e);
        } catch (MongoException e) {
            throw new StoreUnavailableException("MongoDB analytics store failed: " + e.getMessage(), e);
        }
    }

    /** Sufficient statistics per variation, ordered by variation id (§5.4.3). */
    static final class ExperimentArms {
        private final boolean numeric;
        private final Map<String, List<Double>> values = new TreeMap<>();
        private final Map<String, long[]> conversions = new TreeMap<>();

        ExperimentArms(boolean numeric) {
            this.numeric = numeric;
        }

        /** One exposed (user, variation) pair; {@code metricSum} is null when the user has no metric event. */
        void add(String variation, Double metricSum) {
            if (numeric) {
                if (metricSum != null) {
                    values.computeIfAbsent(variation, v -> new ArrayList<>()).add(metricSum);
                }
            } else {
                long[] c = conversions.computeIfAbsent(variation, v -> new long[2]);
                c[0]++;
                if (metricSum != null) {
                    c[1]++;
                }
            }
        }

        List<ArmData> result() {
            List<ArmData> out = new ArrayList<>();
            if (numeric) {
                values.forEach((v, xs) -> out.add(numericArm(v, xs)));
            } else {
                conversions.forEach((v, c) -> out.add(new ArmData(v, c[0], c[1], 0, 0)));
            }
            return out;
        }

        /** Mean and sample variance (n-1; 0 for a single user) by two passes, which keeps large sums accurate. */
        static ArmData numericArm(String variation, List<Double> xs) {
            double sum = 0;
            for (double x : xs) {
                sum += x;
            }
            double mean = sum / xs.size();
            double squares = 0;
            for (double x : xs) {
                squares += (x - mean) * (x - mean);
            }
            double variance = xs.size() > 1 ? squares / (xs.size() - 1) : 0;
            return new ArmData(variation, xs.size(), sum, mean, variance);
        }
    }
}
