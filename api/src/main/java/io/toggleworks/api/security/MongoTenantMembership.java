package io.toggleworks.api.security;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.toggleworks.api.db.MongoFields;
import io.toggleworks.api.db.OnMongoDb;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Membership facts from the {@code Users}, {@code WorkspaceUsers}, {@code OrganizationUsers} and {@code Organizations} collections. */
@Component
@OnMongoDb
public class MongoTenantMembership implements TenantMembership {
    private final MongoCollection<Document> users;
    private final MongoCollection<Document> workspaceUsers;
    private final MongoCollection<Document> organizationUsers;
    private final MongoCollection<Document> organizations;

    public MongoTenantMembership(MongoDatabase db) {
        this.users = db.getCollection("Users");
        this.workspaceUsers = db.getCollection("WorkspaceUsers");
        this.organizationUsers = db.getCollection("OrganizationUsers");
        this.organizations = db.getCollection("Organizations");
    }

    @Override
    public boolean userExists(UUID userId) {
        return users.find(Filters.eq("_id", userId)).projection(Projections.include("_id")).first() != null;
    }

    @Override
    public boolean inWorkspace(UUID userId, UUID workspaceId) {
        return workspaceUsers.find(Filters.and(Filters.eq("userId", userId), Filters.eq("workspaceId", workspaceId)))
                .projection(Projections.include("_id")).first() != null;
    }

    @Override
    public boolean inOrganization(UUID userId, UUID organizationId) {
        return organizationUsers.find(Filters.and(Filters.eq("userId", userId), Filters.eq("organizationId", organizationId)))
                .projection(Projections.include("_id")).first() != null;
    }

    @Override
    public Optional<UUID> workspaceOf(UUID organizationId) {
        return Optional.ofNullable(organizations.find(Filters.eq("_id", organizationId))
                .projection(Projections.include("workspaceId")).first()).map(d -> MongoFields.uuid(d, "workspaceId"));
    }
}
