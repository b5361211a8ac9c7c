package io.toggleworks.api.accesstokens;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.OnMongoDb;
import io.toggleworks.api.iam.MongoDocs;
import io.toggleworks.api.iam.PolicyStatement;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;

/** {@link AccessTokenStore} on MongoDB: FeatBit's {@code AccessTokens}, the token element holding our hash. */
@Repository
@OnMongoDb
public class MongoAccessTokenStore implements AccessTokenStore {
    private final MongoCollection<Document> tokens;

    public MongoAccessTokenStore(MongoDatabase db) {
        this.tokens = db.getCollection("AccessTokens");
    }

    @Override
    public Optional<AccessToken> findByRawToken(String raw) {
        if (!raw.startsWith(TokenHashing.PREFIX)) {
            return Optional.empty(); // never let a stored hash itself pass as a token
        }
        String stored = TokenHashing.stored(raw);
        Optional<AccessToken> token = Optional.ofNullable(tokens.find(in("token", stored, raw)).first()).map(MongoAccessTokenStore::map);
        token.ifPresent(t -> tokens.updateOne(and(eq("_id", t.id()), eq("token", raw)), Updates.set("token", stored)));
        return token;
    }

    @Override
    public void touch(UUID id) {
        Instant now = Instant.now();
        tokens.updateOne(and(eq("_id", id), or(eq("lastUsedAt", null), lt("lastUsedAt", MongoDocs.date(now.minus(Duration.ofMinutes(1)))))),
                Updates.set("lastUsedAt", MongoDocs.date(now)));
    }

    @Override
    public Optional<AccessToken> find(UUID organizationId, UUID id) {
        return Optional.ofNullable(tokens.find(and(eq("_id", id), eq("organizationId", organizationId))).first())
                .map(MongoAccessTokenStore::map);
    }

    @Override
    public boolean nameUsed(UUID organizationId, String name) {
        return tokens.countDocuments(and(eq("organizationId", organizationId), regex("name", MongoDocs.equalsIgnoreCase(name)))) > 0;
    }

    @Override
    public void insert(AccessToken t, String rawToken) {
        tokens.insertOne(new Document("_id", t.id())
                .append("organizationId", t.organizationId())
                .append("name", t.name())
                .append("type", t.type())
                .append("status", t.status())
                .append("token", TokenHashing.stored(rawToken))
                .append("creatorId", t.creatorId())
                .append("permissions", MongoDocs.statementDocuments(t.permissions()))
                .append("lastUsedAt", null)
                .append("createdAt", MongoDocs.date(t.createdAt()))
                .append("updatedAt", MongoDocs.date(t.createdAt())));
    }

    @Override
    public void update(UUID id, String name, List<PolicyStatement> permissions, String status) {
        tokens.updateOne(eq("_id", id), Updates.combine(Updates.set("name", name),
                Updates.set("permissions", MongoDocs.statementDocuments(permissions)), Updates.set("status", status),
                Updates.set("updatedAt", MongoDocs.date(Instant.now()))));
    }

    @Override
    public void delete(UUID id) {
        tokens.deleteOne(eq("_id", id));
    }

    @Override
    public PagedResult<AccessToken> list(UUID organizationId, String name, UUID creatorId, String type, Paging paging) {
        List<Bson> filters = new ArrayList<>();
        filters.add(eq("organizationId", organizationId));
        if (name != null && !name.isBlank()) {
            filters.add(regex("name", MongoDocs.contains(name)));
        }
        if (creatorId != null) {
            filters.add(eq("creatorId", creatorId));
        }
        if (type != null && !type.isBlank()) {
            filters.add(eq("type", type));
        }
        Bson filter = and(filters);
        long total = tokens.countDocuments(filter);
        List<AccessToken> items = new ArrayList<>();
        tokens.find(filter).sort(Sorts.descending("createdAt")).skip((int) Math.min(Integer.MAX_VALUE, paging.offset()))
                .limit(paging.pageSize()).forEach(d -> items.add(map(d)));
        return new PagedResult<>(total, items);
    }

    private static AccessToken map(Document d) {
        return new AccessToken(MongoDocs.uuid(d, "_id"), MongoDocs.uuid(d, "organizationId"), MongoDocs.nullableString(d, "name"),
                MongoDocs.nullableString(d, "type"), MongoDocs.nullableString(d, "status"),
                TokenHashing.prefixOfStored(MongoDocs.string(d, "token")), MongoDocs.uuid(d, "creatorId"),
                MongoDocs.statements(d, "permissions"), MongoDocs.optionalInstant(d, "lastUsedAt"),
                MongoDocs.instant(d, "createdAt"), MongoDocs.instant(d, "updatedAt"));
    }
}
