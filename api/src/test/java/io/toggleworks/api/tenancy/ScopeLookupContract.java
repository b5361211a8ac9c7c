package io.toggleworks.api.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.db.StoreFixture;
import io.toggleworks.api.db.StoreFixture.Json;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ScopeLookup} finds, on each main database. */
abstract class ScopeLookupContract {
    protected abstract ScopeLookup lookup();

    protected abstract StoreFixture fixture();

    @Test
    void findsTheTreeAboveAnEnvironmentAndAProject() {
        Instant t = Instant.now();
        UUID ws = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID env = UUID.randomUUID();
        fixture().insert("organizations", Map.of("id", org, "workspace_id", ws, "name", "o", "key", "o",
                "initialized", true, "default_permissions", new Json("{\"policyIds\":[],\"groupIds\":[]}"),
                "created_at", t, "updated_at", t));
        fixture().insert("projects", Map.of("id", project, "organization_id", org, "name", "P", "key", "p-key",
                "created_at", t, "updated_at", t));
        fixture().insert("environments", Map.of("id", env, "project_id", project, "name", "Dev", "key", "dev",
                "created_at", t, "updated_at", t));
        assertThat(lookup().env(env)).contains(new EnvScope(env, "dev", "Dev", project, "p-key", org, ws));
        assertThat(lookup().project(project)).contains(new ProjectScope(project, "p-key", "P", org));
        assertThat(lookup().env(UUID.randomUUID())).isEmpty();
        assertThat(lookup().project(UUID.randomUUID())).isEmpty();
    }

    @Test
    void anEnvironmentWhoseProjectIsGoneHasNoScope() {
        Instant t = Instant.now();
        UUID env = UUID.randomUUID();
        fixture().insert("environments", Map.of("id", env, "project_id", UUID.randomUUID(), "name", "Dev", "key", "dev",
                "created_at", t, "updated_at", t));
        assertThat(lookup().env(env)).isEmpty();
    }
}
