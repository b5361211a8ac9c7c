package io.toggleworks.api.identity;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.MongoFields;
import io.toggleworks.api.db.OnMongoDb;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/** The {@code RefreshTokens} collection (FeatBit's fields; indexes on {@code token} and {@code revokedAt}). */
@Repository
@OnMongoDb
public class MongoRefreshTokenStore implements RefreshTokenStore {
    private final MongoCollection<Document> tokens;

    public MongoRefreshTokenStore(MongoDatabase db) {
        this.tokens = db.getCollection("RefreshTokens");
    }

    @Override
    public void insert(String raw, UUID userId, String ip) {
        Instant now = Instant.now();
        tokens.insertOne(new Document("_id", UUID.randomUUID()).append("token", RefreshTokenStore.hash(raw))
                .append("userId", userId).append("isRevoked", false).append("replacedByToken", null)
                .append("createdByIp", RefreshTokenStore.truncateIp(ip)).append("revokedByIp", null)
                .append("expiresAt", Date.from(now.plus(LIFETIME))).append("revokedAt", null).append("lastUsedAt", null)
                .append("createdAt", Date.from(now)).append("updatedAt", Date.from(now)));
    }

    @Override
    public Optional<Active> findActive(String raw) {
        Document d = tokens.find(Filters.and(Filters.eq("token", RefreshTokenStore.hash(raw)), Filters.ne("isRevoked", true),
                Filters.gt("expiresAt", new Date()))).first();
        return Optional.ofNullable(d).map(t -> new Active(MongoFields.uuid(t, "_id"), MongoFields.uuid(t, "userId")));
    }

    @Override
    public boolean revoke(String raw, String ip, Optional<String> replacedByRaw) {
        // One conditional single-document update: of two concurrent rotations only one matches "not revoked".
        Date now = new Date();
        return tokens.updateOne(Filters.and(Filters.eq("token", RefreshTokenStore.hash(raw)), Filters.ne("isRevoked", true)),
                Updates.combine(Updates.set("isRevoked", true), Updates.set("revokedAt", now),
                        Updates.set("revokedByIp", RefreshTokenStore.truncateIp(ip)),
                        Updates.set("replacedByToken", replacedByRaw.map(RefreshTokenStore::hash).orElse(null)),
                        Updates.set("lastUsedAt", now), Updates.set("updatedAt", now))).getModifiedCount() > 0;
    }
}
