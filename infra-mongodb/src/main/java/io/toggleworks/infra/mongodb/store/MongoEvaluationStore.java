package io.toggleworks.infra.mongodb.store;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.infra.mongodb.document.FeatBitDocuments;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The Evaluation Server's reads over FeatBit's MongoDB collections (evaluation-server.md §7.2, "MongoDB" row).
 * BSON dates hold milliseconds, so "updated after T" is strict on the millisecond as in the other stores.
 */
public final class MongoEvaluationStore implements EvaluationStore {
    private static final String SHARED = "shared";

    private final MongoClient client;
    private final MongoDatabase db;
    private final MongoCollection<Document> flags;
    private final MongoCollection<Document> segments;
    private final MongoCollection<Document> environments;
    private final MongoCollection<Document> projects;
    private final MongoCollection<Document> organizations;

    /** @param client closed with the store */
    public MongoEvaluationStore(MongoClient client, String database) {
        this.client = client;
        this.db = client.getDatabase(database);
        this.flags = db.getCollection("FeatureFlags");
        this.segments = db.getCollection("Segments");
        this.environments = db.getCollection("Environments");
        this.projects = db.getCollection("Projects");
        this.organizations = db.getCollection("Organizations");
    }

    @Override
    public List<FeatureFlag> flagsUpdatedAfter(UUID envId, long timestampMs) {
        return read(() -> flags.find(Filters.and(Filters.eq("envId", envId), Filters.gt("updatedAt", new Date(timestampMs))))
                .map(FeatBitDocuments::flag).into(new ArrayList<>()));
    }

    @Override
    public List<FeatureFlag> flagsByIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return read(() -> flags.find(Filters.in("_id", ids)).map(FeatBitDocuments::flag).into(new ArrayList<>()));
    }

    @Override
    public Optional<Segment> segment(UUID id) {
        // FeatBit throws when the segment is absent; an empty answer lets the caller decide.
        return read(() -> Optional.ofNullable(segments.find(Filters.eq("_id", id)).first()).map(FeatBitDocuments::segment));
    }

    @Override
    public List<Segment> segmentsUpdatedAfter(UUID envId, long timestampMs) {
        return read(() -> {
            Optional<EnvPath> env = envPath(envId);
            if (env.isEmpty()) {
                return List.<Segment>of();
            }
            // "envRN + ':' starts with scope + ':'" holds exactly when the scope is the RN cut at one of its ':'s
            // (or the whole RN), so the test becomes an $in over those prefixes, which the server can answer.
            Bson inScope = Filters.in("scopes", env.get().scopePrefixes());
            // Also the environment's own env-specific segments, whatever their scopes say (older data, renamed keys),
            // as the PostgreSQL store does.
            Bson own = Filters.and(Filters.eq("envId", envId), Filters.ne("type", SHARED));
            Bson filter = Filters.and(Filters.eq("workspaceId", env.get().workspaceId()),
                    Filters.gt("updatedAt", new Date(timestampMs)), Filters.or(inScope, own));
            return segments.find(filter).map(d -> FeatBitDocuments.segment(d).withEnvId(envId)).into(new ArrayList<>());
        });
    }

    @Override
    public Optional<SecretRecord> secret(String secret) {
        Optional<UUID> envId = EnvironmentSecret.envIdOf(secret);
        if (envId.isEmpty()) {
            return Optional.empty();
        }
        return read(() -> {
            Document env = environments.find(Filters.and(Filters.eq("_id", envId.get()), Filters.eq("secrets.value", secret)))
                    .projection(Projections.include("key", "projectId", "secrets")).first();
            if (env == null) {
                return Optional.<SecretRecord>empty();
            }
            Optional<SecretType> type = env.getList("secrets", Document.class, List.of()).stream()
                    .filter(s -> secret.equals(s.getString("value")))
                    .findFirst()
                    .flatMap(s -> SecretType.fromWire(s.getString("type")));
            if (type.isEmpty()) {
                return Optional.<SecretRecord>empty();
            }
            Document project = projects.find(Filters.eq("_id", env.get("projectId"))).projection(Projections.include("key")).first();
            if (project == null) {
                return Optional.<SecretRecord>empty();
            }
            return Optional.of(new SecretRecord(secret, type.get(), envId.get(), env.getString("key"), project.getString("key")));
        });
    }

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

    /** The environment's workspace and resource name, through its project and organization. */
    private Optional<EnvPath> envPath(UUID envId) {
        Document env = environments.find(Filters.eq("_id", envId)).projection(Projections.include("key", "projectId")).first();
        if (env == null) {
            return Optional.empty();
        }
        Document project = projects.find(Filters.eq("_id", env.get("projectId")))
                .projection(Projections.include("key", "organizationId")).first();
        if (project == null) {
            return Optional.empty();
        }
        Document org = organizations.find(Filters.eq("_id", project.get("organizationId")))
                .projection(Projections.include("key", "workspaceId")).first();
        if (org == null) {
            return Optional.empty();
        }
        String rn = "organization/" + org.getString("key") + ":project/" + project.getString("key") + ":env/" + env.getString("key");
        return Optional.of(new EnvPath(org.get("workspaceId"), rn));
    }

    private record EnvPath(Object workspaceId, String resourceName) {
        List<String> scopePrefixes() {
            List<String> prefixes = new ArrayList<>();
            for (int i = resourceName.indexOf(':'); i >= 0; i = resourceName.indexOf(':', i + 1)) {
                prefixes.add(resourceName.substring(0, i));
            }
            prefixes.add(resourceName);
            return prefixes;
        }
    }

    private static <T> T read(Supplier<T> query) {
        try {
            return query.get();
        } catch (MongoException e) {
            throw new StoreUnavailableException("MongoDB evaluation store query failed: " + e.getMessage(), e);
        }
    }
}
