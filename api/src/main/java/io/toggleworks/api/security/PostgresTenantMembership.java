package io.toggleworks.api.security;

import java.util.Optional;
import java.util.UUID;
import io.toggleworks.api.db.OnPostgres;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Membership facts from the {@code users}, {@code workspace_users}, {@code organization_users} and {@code organizations} tables. */
@Component
@OnPostgres
public class PostgresTenantMembership implements TenantMembership {
    private final JdbcClient jdbc;

    public PostgresTenantMembership(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean userExists(UUID userId) {
        return jdbc.sql("select count(*) from users where id = :id").param("id", userId).query(Long.class).single() > 0;
    }

    @Override
    public boolean inWorkspace(UUID userId, UUID workspaceId) {
        return jdbc.sql("select count(*) from workspace_users where user_id = :u and workspace_id = :w")
                .param("u", userId).param("w", workspaceId).query(Long.class).single() > 0;
    }

    @Override
    public boolean inOrganization(UUID userId, UUID organizationId) {
        return jdbc.sql("select count(*) from organization_users where user_id = :u and organization_id = :o")
                .param("u", userId).param("o", organizationId).query(Long.class).single() > 0;
    }

    @Override
    public Optional<UUID> workspaceOf(UUID organizationId) {
        return jdbc.sql("select workspace_id from organizations where id = :o").param("o", organizationId)
                .query(UUID.class).optional();
    }
}
