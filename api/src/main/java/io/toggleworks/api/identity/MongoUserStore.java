package io.toggleworks.api.identity;

import static io.toggleworks.api.db.MongoFields.equalsIgnoreCase;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.MongoFields;
import io.toggleworks.api.db.OnMongoDb;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Repository;

/**
 * The {@code Users} and {@code WorkspaceUsers} collections. Emails are unique as on PostgreSQL's {@code ix_users_email}:
 * a unique index on {@code email} is added at start (FeatBit's v5.4.0 merged duplicate emails, so its databases
 * accept it; if one does not, that is logged and the callers' check-before-insert remains). The index is
 * case-sensitive, as PostgreSQL's; callers look up emails ignoring case before inserting.
 */
@Repository
@OnMongoDb
public class MongoUserStore implements UserStore {
    private static final Logger log = LoggerFactory.getLogger(MongoUserStore.class);
    private final MongoCollection<Document> users;
    private final MongoCollection<Document> workspaceUsers;

    public MongoUserStore(MongoDatabase db) {
        this.users = db.getCollection("Users");
        this.workspaceUsers = db.getCollection("WorkspaceUsers");
        try {
            users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        } catch (MongoException e) {
            log.warn("could not create a unique index on Users.email (duplicate emails?): {}", e.getMessage());
        }
    }

    @Override
    public Optional<User> find(UUID id) {
        return Optional.ofNullable(users.find(Filters.eq("_id", id)).first()).map(MongoUserStore::map);
    }

    @Override
    public Optional<User> findByEmail(String email) {
        List<Document> found = users.find(equalsIgnoreCase("email", email)).into(new ArrayList<>());
        // The exact spelling first, as the PostgreSQL store orders it.
        return found.stream().filter(d -> email.equals(d.getString("email"))).findFirst()
                .or(() -> found.stream().findFirst()).map(MongoUserStore::map);
    }

    @Override
    public void insert(User u) {
        Document d = new Document("_id", u.id()).append("name", u.name()).append("email", u.email())
                .append("password", u.password()).append("origin", u.origin())
                .append("initialPassword", u.initialPassword().orElse(null))
                .append("createdAt", Date.from(u.createdAt())).append("updatedAt", Date.from(u.updatedAt()));
        try {
            users.insertOne(d);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new DuplicateKeyException("a user with this id or email exists", e);
            }
            throw e;
        }
    }

    @Override
    public void updatePassword(UUID id, String hash, boolean clearInitialPassword) {
        List<org.bson.conversions.Bson> set = new ArrayList<>(List.of(Updates.set("password", hash),
                Updates.set("updatedAt", new Date())));
        if (clearInitialPassword) {
            set.add(Updates.set("initialPassword", null));
        }
        users.updateOne(Filters.eq("_id", id), Updates.combine(set));
    }

    @Override
    public void updateProfile(UUID id, String name, String email) {
        users.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("name", name), Updates.set("email", email),
                Updates.set("updatedAt", new Date())));
    }

    @Override
    public boolean emailUsedByOther(String email, UUID userId) {
        return users.countDocuments(Filters.and(equalsIgnoreCase("email", email), Filters.ne("_id", userId))) > 0;
    }

    @Override
    public void addToWorkspace(UUID workspaceId, UUID userId) {
        // FeatBit's unique (workspaceId, userId) index makes the upsert safe against a concurrent add.
        Date now = new Date();
        try {
            workspaceUsers.updateOne(Filters.and(Filters.eq("workspaceId", workspaceId), Filters.eq("userId", userId)),
                    Updates.combine(Updates.setOnInsert("_id", UUID.randomUUID()), Updates.setOnInsert("createdAt", now),
                            Updates.setOnInsert("updatedAt", now)),
                    new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    private static User map(Document d) {
        String origin = d.getString("origin");
        return new User(MongoFields.uuid(d, "_id"), MongoFields.string(d, "name"), d.getString("email"),
                MongoFields.string(d, "password"), origin == null ? User.LOCAL : origin,
                Optional.ofNullable(d.getString("initialPassword")), MongoFields.instant(d, "createdAt"),
                MongoFields.instant(d, "updatedAt"));
    }
}
