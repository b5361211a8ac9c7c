package io.toggleworks.api.segments;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.tenancy.EnvScope;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link SegmentScopes} reads, run once per main database; each test uses a fresh workspace. */
abstract class SegmentScopesContract {
    protected abstract SegmentScopes scopes();

    /** Adds an organization (if new), project (if new) and environment; returns the environment's scope. */
    protected abstract EnvScope addEnvironment(UUID workspaceId, UUID orgId, String orgKey, UUID projectId, String projectKey,
                                               String envKey);

    static SegmentEntity shared(UUID ws, List<String> scopes) {
        return new SegmentEntity(UUID.randomUUID(), ws, UUID.randomUUID(), "s", "s", SegmentEntity.SHARED, scopes, "",
                List.of(), List.of(), List.of(), List.of(), false, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void environmentsOfAWorkspaceHaveTheirResourceNames() {
        UUID ws = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        UUID p1 = UUID.randomUUID();
        UUID p2 = UUID.randomUUID();
        EnvScope dev = addEnvironment(ws, org, "acme", p1, "web", "dev");
        EnvScope prod = addEnvironment(ws, org, "acme", p1, "web", "prod");
        EnvScope mobile = addEnvironment(ws, org, "acme", p2, "app", "dev");
        EnvScope elsewhere = addEnvironment(UUID.randomUUID(), UUID.randomUUID(), "other", UUID.randomUUID(), "web", "dev");

        assertThat(scopes().environments(ws)).containsExactlyInAnyOrder(
                new SegmentScopes.EnvRn(dev.envId(), "organization/acme:project/web:env/dev"),
                new SegmentScopes.EnvRn(prod.envId(), "organization/acme:project/web:env/prod"),
                new SegmentScopes.EnvRn(mobile.envId(), "organization/acme:project/app:env/dev"));
        assertThat(scopes().environments(UUID.randomUUID())).isEmpty();
        assertThat(scopes().rn(dev)).isEqualTo("organization/acme:project/web:env/dev");
        assertThat(scopes().rn(elsewhere)).isEqualTo("organization/other:project/web:env/dev");

        assertThat(scopes().envIds(shared(ws, List.of("organization/acme:project/web")))).containsExactlyInAnyOrder(dev.envId(), prod.envId());
        assertThat(scopes().envIds(shared(ws, List.of("organization/acme:project/*:env/dev")))).containsExactlyInAnyOrder(dev.envId(), mobile.envId());
        assertThat(scopes().envIds(shared(ws, List.of("organization/acme:project/we")))).isEmpty();
        SegmentEntity own = new SegmentEntity(UUID.randomUUID(), ws, prod.envId(), "o", "o", SegmentEntity.ENVIRONMENT_SPECIFIC,
                List.of(), "", List.of(), List.of(), List.of(), List.of(), false, Instant.EPOCH, Instant.EPOCH);
        assertThat(scopes().envIds(own)).containsExactly(prod.envId());
    }

    @Test
    void anUnknownOrganizationHasAnEmptyKey() {
        EnvScope env = new EnvScope(UUID.randomUUID(), "dev", "Dev", UUID.randomUUID(), "web", UUID.randomUUID(), UUID.randomUUID());
        assertThat(scopes().rn(env)).isEqualTo("organization/:project/web:env/dev");
    }
}
