package io.toggleworks.api.security;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Membership facts the authentication step checks on every request (which FeatBit does not: api.md §11.1). */
@Component
public class TenantMembership {
    private final JdbcClient jdbc;

    public TenantMembership(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean userExists(UUID userId) {
        return jdbc.sql("select count(*) from users where id = :id").param("id", userId).query(Long.class).single() > 0;
    }

    public boolean inWorkspace(UUID userId, UUID workspaceId) {
        return jdbc.sql("select count(*) from workspace_users where user_id = :u and workspace_id = :w")
                .param("u", userId).param("w", workspaceId).query(Long.class).single() > 0;
    }

    public boolean inOrganization(UUID userId, UUID organizationId) {
        return jdbc.sql("select count(*) from organization_users where user_id = :u and organization_id = :o")
                .param("u", userId).param("o", organizationId).query(Long.class).single() > 0;
    }

    public Optional<UUID> workspaceOf(UUID organizationId) {
        return jdbc.sql("select workspace_id from organizations where id = :o").param("o", organizationId)
                .query(UUID.class).optional();
    }
}
