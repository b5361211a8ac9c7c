package io.toggleworks.api.flags;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.toggleworks.api.db.OnMongoDb;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** {@link CreatorStore} on FeatBit's {@code Users} and {@code AccessTokens} collections. */
@Repository
@OnMongoDb
public class MongoCreatorStore implements CreatorStore {
    private final MongoDatabase db;

    public MongoCreatorStore(MongoDatabase db) {
        this.db = db;
    }

    @Override
    public Map<UUID, Creator> creators(Collection<UUID> ids) {
        Map<UUID, Creator> out = new HashMap<>();
        List<UUID> distinct = ids.stream().filter(Objects::nonNull).distinct().toList();
        if (distinct.isEmpty()) {
            return out;
        }
        db.getCollection("Users").find(Filters.in("_id", distinct)).projection(Projections.include("name", "email"))
                .forEach(d -> {
                    UUID id = d.get("_id", UUID.class);
                    out.put(id, new Creator(id, d.getString("name"), d.getString("email")));
                });
        db.getCollection("AccessTokens").find(Filters.in("_id", distinct)).projection(Projections.include("name"))
                .forEach(d -> {
                    UUID id = d.get("_id", UUID.class);
                    out.putIfAbsent(id, new Creator(id, d.getString("name"), "Access token"));
                });
        return out;
    }
}
