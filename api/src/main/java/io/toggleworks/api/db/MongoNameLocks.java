package io.toggleworks.api.db;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;
import org.bson.Document;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The advisory lock on MongoDB, which has none: a lease document whose {@code _id} is the lock name, in a collection
 * of our own ({@code ToggleworksNameLocks}; FeatBit ignores collections it does not map). Inserting it takes the
 * lock (the {@code _id} index makes that atomic across API instances); it is deleted when the caller's
 * {@code @Transactional} method ends (no-op transactions still run their synchronizations). A lease expires after
 * {@link #LEASE}, so a crashed instance cannot hold a key for ever. Outside a transaction the lock would be released
 * at once, as PostgreSQL's transaction lock in autocommit: nothing is taken.
 */
@Component
@OnMongoDb
public class MongoNameLocks implements NameLocks {
    static final String COLLECTION = "ToggleworksNameLocks";
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final MongoCollection<Document> locks;

    public MongoNameLocks(MongoDatabase db) {
        this.locks = db.getCollection(COLLECTION);
    }

    @Override
    public void lock(String kind, UUID scope, String key) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        String name = kind + ":" + scope + ":" + key.toLowerCase(Locale.ROOT);
        String owner = UUID.randomUUID().toString();
        Instant giveUp = Instant.now().plus(WAIT);
        long pause = 5;
        while (!tryTake(name, owner)) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("could not take the name lock " + name + " within " + WAIT);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the name lock " + name, e);
            }
            pause = Math.min(pause * 2, 100);
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                locks.deleteOne(Filters.and(Filters.eq("_id", name), Filters.eq("owner", owner)));
            }
        });
    }

    private boolean tryTake(String name, String owner) {
        // An expired lease (its holder died) is removed first; a live one is left alone.
        locks.deleteOne(Filters.and(Filters.eq("_id", name), Filters.lt("expiresAt", new Date())));
        try {
            locks.insertOne(new Document("_id", name).append("owner", owner)
                    .append("expiresAt", Date.from(Instant.now().plus(LEASE))));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }
}
