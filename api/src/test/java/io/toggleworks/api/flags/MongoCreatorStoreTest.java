package io.toggleworks.api.flags;

import com.mongodb.client.MongoDatabase;
import io.toggleworks.api.testing.StoreBackends;
import java.util.Date;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoCreatorStoreTest extends CreatorStoreContract {
    private static MongoDatabase db;

    /** JUnit resolves no ExtensionContext parameter in a @BeforeAll; a callback gets one. */
    @RegisterExtension
    static final BeforeAllCallback OPEN = context -> db = StoreBackends.of(context).newMongo();

    @Override
    protected CreatorStore store() {
        return new MongoCreatorStore(db);
    }

    @Override
    protected void addUser(UUID id, String name, String email) {
        db.getCollection("Users").insertOne(new Document("_id", id).append("name", name).append("email", email)
                .append("createdAt", new Date()));
    }

    @Override
    protected void addAccessToken(UUID id, String name) {
        db.getCollection("AccessTokens").insertOne(new Document("_id", id).append("name", name).append("type", "personal")
                .append("createdAt", new Date()));
    }
}
