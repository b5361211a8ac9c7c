package io.toggleworks.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.toggleworks.api.testing.StoreBackends;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.transaction.support.TransactionTemplate;

class MongoNameLocksTest extends NameLocksContract {
    private static MongoDatabase db;
    private static NameLocks locks;
    private static final TransactionTemplate TX = new TransactionTemplate(new NoTransactions());

    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> {
        db = StoreBackends.of(context).newMongo();
        locks = new MongoNameLocks(db);
    };

    @Override
    protected NameLocks locks() {
        return locks;
    }

    @Override
    protected TransactionTemplate tx() {
        return TX;
    }

    @Test
    void theLeaseOfADeadHolderIsTakenOverAndLocksAreRemovedAtTheEnd() {
        UUID scope = UUID.randomUUID();
        db.getCollection(MongoNameLocks.COLLECTION).insertOne(new Document("_id", "flag:" + scope + ":k")
                .append("owner", "dead").append("expiresAt", Date.from(Instant.now().minusSeconds(1))));
        TX.executeWithoutResult(s -> locks.lock("flag", scope, "K"));
        assertThat(db.getCollection(MongoNameLocks.COLLECTION).countDocuments(new Document("_id", "flag:" + scope + ":k")))
                .isZero();
    }

    @Test
    void outsideATransactionNothingIsTaken() {
        UUID scope = UUID.randomUUID();
        locks.lock("flag", scope, "k");
        assertThat(db.getCollection(MongoNameLocks.COLLECTION).countDocuments(new Document("_id", "flag:" + scope + ":k")))
                .isZero();
    }
}
