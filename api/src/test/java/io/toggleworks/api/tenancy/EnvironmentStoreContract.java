package io.toggleworks.api.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.db.StoreFixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link EnvironmentStore} does, on each main database. */
abstract class EnvironmentStoreContract {
    protected abstract EnvironmentStore store();

    protected abstract StoreFixture fixture();

    static final Instant T = Instant.parse("2026-01-01T00:00:00.123Z");

    static Environment env(UUID project, String key, Instant createdAt) {
        UUID id = UUID.randomUUID();
        return new Environment(id, project, "Name " + key, key, "about " + key,
                List.of(new Secret(UUID.randomUUID().toString(), "Server Key", Secret.SERVER, SecretValues.newSecret(id)),
                        new Secret(UUID.randomUUID().toString(), "Client Key", Secret.CLIENT, SecretValues.newSecret(id))),
                new Environment.Settings(true), createdAt, createdAt);
    }

    @Test
    void insertedEnvironmentReadsBackWithItsBuiltInEndUserProperties() {
        Environment e = env(UUID.randomUUID(), "read", T);
        store().insert(e);
        assertThat(store().find(e.id())).contains(e);
        assertThat(store().find(UUID.randomUUID())).isEmpty();
        assertThat(fixture().count("end_user_properties", "env_id", e.id())).isEqualTo(2);
    }

    @Test
    void theEnvironmentsOfProjectsOldestFirst() {
        UUID p1 = UUID.randomUUID();
        UUID p2 = UUID.randomUUID();
        Environment newer = env(p1, "newer", T.plusSeconds(10));
        Environment older = env(p1, "older", T);
        Environment other = env(p2, "other", T.plusSeconds(5));
        store().insert(newer);
        store().insert(older);
        store().insert(other);
        store().insert(env(UUID.randomUUID(), "elsewhere", T));
        assertThat(store().ofProject(p1)).containsExactly(older, newer);
        assertThat(store().ofProjects(List.of(p1, p2))).containsExactly(older, other, newer);
        assertThat(store().ofProjects(List.of())).isEmpty();
    }

    @Test
    void keyUsedIgnoresCaseAndIsLiteral() {
        UUID project = UUID.randomUUID();
        store().insert(env(project, "Dev.1", T));
        assertThat(store().keyUsed(project, "dev.1")).isTrue();
        assertThat(store().keyUsed(project, "devx1")).isFalse();
        assertThat(store().keyUsed(UUID.randomUUID(), "dev.1")).isFalse();
    }

    @Test
    void updatesNameDescriptionSettingsAndSecrets() {
        Environment e = env(UUID.randomUUID(), "upd", T);
        store().insert(e);
        store().update(e.id(), "Renamed", "new description", new Environment.Settings(false));
        List<Secret> secrets = List.of(new Secret("s1", "Only", Secret.SERVER, SecretValues.newSecret(e.id())));
        store().updateSecrets(e.id(), secrets);
        Environment after = store().find(e.id()).orElseThrow();
        assertThat(after.name()).isEqualTo("Renamed");
        assertThat(after.description()).isEqualTo("new description");
        assertThat(after.settings().requireChangeComment()).isFalse();
        assertThat(after.secrets()).isEqualTo(secrets);
        assertThat(after.key()).isEqualTo(e.key());
        assertThat(after.updatedAt()).isAfter(e.updatedAt());
    }

    @Test
    void deleteRemovesTheEnvironmentAndWhatItOwnsButNotSharedSegments() {
        Environment e = env(UUID.randomUUID(), "gone", T);
        Environment kept = env(e.projectId(), "kept", T);
        store().insert(e);
        store().insert(kept);
        UUID ws = UUID.randomUUID();
        Instant t = Instant.now();
        for (Environment x : List.of(e, kept)) {
            fixture().insert("end_users", Map.of("id", UUID.randomUUID(), "workspace_id", ws, "env_id", x.id(),
                    "key_id", "u1", "name", "U", "created_at", t, "updated_at", t));
        }
        UUID own = segment(ws, e.id(), "environment-specific");
        UUID shared = segment(ws, e.id(), "shared");

        store().delete(e.id());

        assertThat(store().find(e.id())).isEmpty();
        assertThat(fixture().count("end_user_properties", "env_id", e.id())).isZero();
        assertThat(fixture().count("end_users", "env_id", e.id())).isZero();
        assertThat(fixture().count("segments", "id", own)).isZero();
        assertThat(fixture().count("segments", "id", shared)).isEqualTo(1);
        assertThat(store().find(kept.id())).isPresent();
        assertThat(fixture().count("end_users", "env_id", kept.id())).isEqualTo(1);
        assertThat(fixture().count("end_user_properties", "env_id", kept.id())).isEqualTo(2);
    }

    UUID segment(UUID ws, UUID env, String type) {
        UUID id = UUID.randomUUID();
        Instant t = Instant.now();
        fixture().insert("segments", Map.of("id", id, "workspace_id", ws, "env_id", env, "name", "s", "key",
                "s-" + id.toString().substring(0, 8), "type", type, "is_archived", false, "created_at", t, "updated_at", t));
        return id;
    }
}
