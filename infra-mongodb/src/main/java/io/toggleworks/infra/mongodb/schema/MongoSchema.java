package io.toggleworks.infra.mongodb.schema;

import com.mongodb.MongoException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * FeatBit's MongoDB collections and the indexes its init scripts create (infrastructure-and-analytics.md §4.2, api.md
 * §6.3, v0.0.0 to v5.4.1), so a database we create is one FeatBit accepts, and one FeatBit created is left as it is:
 * creating an index that exists with the same keys and options is a no-op on the server.
 */
public final class MongoSchema {
    private static final Logger log = LoggerFactory.getLogger(MongoSchema.class);

    /** Every collection FeatBit's back end maps (its collection-name map plus the extras). */
    public static final List<String> COLLECTIONS = List.of(
            "Users", "RefreshTokens", "Workspaces", "WorkspaceUsers", "Organizations", "OrganizationUsers", "Projects",
            "Environments", "EndUsers", "EndUserProperties", "Segments", "FeatureFlags", "FlagRevisions", "FlagDrafts",
            "FlagSchedules", "FlagChangeRequests", "Triggers", "AuditLogs", "Groups", "Policies", "GroupMembers",
            "GroupPolicies", "MemberPolicies", "Experiments", "ExperimentMetrics", "AccessTokens", "RelayProxies",
            "Webhooks", "WebhookDeliveries", "Events", "UsageEndUserStats", "UsageEventStats");

    /** One index: its collection, keys in order (1 ascending, -1 descending) and uniqueness. */
    public record Index(String collection, Document keys, boolean unique) {
        static Index of(String collection, Object... keyValues) {
            return build(collection, false, keyValues);
        }

        static Index unique(String collection, Object... keyValues) {
            return build(collection, true, keyValues);
        }

        private static Index build(String collection, boolean unique, Object... keyValues) {
            Document keys = new Document();
            for (int i = 0; i < keyValues.length; i += 2) {
                keys.append((String) keyValues[i], keyValues[i + 1]);
            }
            return new Index(collection, keys, unique);
        }
    }

    /** FeatBit's indexes, by init script. */
    public static final List<Index> INDEXES = List.of(
            // v0.0.0
            Index.of("AuditLogs", "createdAt", 1),
            Index.of("EndUsers", "envId", 1, "keyId", 1),
            Index.of("EndUsers", "updatedAt", 1),
            Index.of("ExperimentMetrics", "updatedAt", 1),
            Index.of("FeatureFlags", "updatedAt", 1),
            Index.of("FeatureFlags", "createdAt", 1),
            Index.of("FeatureFlags", "key", 1),
            Index.of("Segments", "updatedAt", 1),
            Index.of("AccessTokens", "createdAt", 1),
            Index.of("Policies", "createdAt", 1),
            Index.of("Projects", "createdAt", 1),
            Index.of("RelayProxies", "createdAt", 1),
            Index.of("Webhooks", "createdAt", 1),
            Index.of("Webhooks", "startedAt", 1),
            Index.of("WebhookDeliveries", "startedAt", 1),
            // v5.3.0
            Index.of("Experiments", "createdAt", 1),
            Index.of("Groups", "createdAt", 1),
            Index.of("Users", "createdAt", 1),
            Index.of("RefreshTokens", "token", 1),
            Index.of("RefreshTokens", "revokedAt", 1),
            // v5.3.2
            Index.unique("UsageEventStats", "envId", 1, "statsDate", 1),
            Index.unique("UsageEndUserStats", "envId", 1, "yearMonth", 1, "userKey", 1),
            Index.of("UsageEndUserStats", "envId", 1, "firstSeenAt", 1),
            // v5.4.0
            Index.unique("WorkspaceUsers", "workspaceId", 1, "userId", 1),
            // v5.4.1
            Index.of("EndUsers", "envId", 1, "updatedAt", -1, "_id", -1),
            Index.of("EndUsers", "workspaceId", 1, "updatedAt", -1, "_id", -1),
            // The DAS's migration
            Index.of("Events", "event", 1, "env_id", 1, "distinct_id", 1, "timestamp", 1));

    private MongoSchema() {
    }

    /** Creates the missing collections and every index; for the API's start-up on an empty or existing database. */
    public static void initialize(MongoDatabase db) {
        Set<String> existing = new LinkedHashSet<>();
        db.listCollectionNames().into(existing);
        for (String name : COLLECTIONS) {
            if (!existing.contains(name)) {
                db.createCollection(name);
            }
        }
        ensureIndexes(db, COLLECTIONS);
    }

    /**
     * Creates FeatBit's indexes of these collections. Failures are logged and skipped: a reader (the ELS, the DAS)
     * may run with read-only credentials against a database FeatBit's scripts already indexed.
     *
     * @return the indexes that could not be created
     */
    public static List<Index> ensureIndexes(MongoDatabase db, List<String> collections) {
        List<Index> failed = new ArrayList<>();
        for (Index index : INDEXES) {
            if (!collections.contains(index.collection())) {
                continue;
            }
            try {
                db.getCollection(index.collection()).createIndex(index.keys(), new IndexOptions().unique(index.unique()));
            } catch (MongoTimeoutException e) {
                // The server is not there: don't wait once per index.
                log.warn("could not create FeatBit's indexes, MongoDB did not answer: {}", e.getMessage());
                failed.add(index);
                return failed;
            } catch (MongoException e) {
                failed.add(index);
                log.warn("could not create index {} on {}: {}", index.keys().toJson(), index.collection(), e.getMessage());
            }
        }
        return failed;
    }
}
