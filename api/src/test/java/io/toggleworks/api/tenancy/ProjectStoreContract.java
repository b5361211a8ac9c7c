package io.toggleworks.api.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ProjectStore} does, on each main database. */
abstract class ProjectStoreContract {
    protected abstract ProjectStore store();

    static final Instant T = Instant.parse("2026-01-01T00:00:00.123Z");

    static Project project(UUID org, String key, Instant createdAt) {
        return new Project(UUID.randomUUID(), org, "Name " + key, key, createdAt, createdAt);
    }

    @Test
    void insertedProjectReadsBack() {
        Project p = project(UUID.randomUUID(), "read", T);
        store().insert(p);
        assertThat(store().find(p.id())).contains(p);
        assertThat(store().find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void theProjectsOfAnOrganizationNewestFirst() {
        UUID org = UUID.randomUUID();
        Project older = project(org, "older", T);
        Project newer = project(org, "newer", T.plusSeconds(5));
        store().insert(older);
        store().insert(newer);
        store().insert(project(UUID.randomUUID(), "other", T));
        assertThat(store().ofOrganization(org)).containsExactly(newer, older);
    }

    @Test
    void keysAreFoundIgnoringCaseAndLiterally() {
        UUID org = UUID.randomUUID();
        Project p = project(org, "My.Key", T);
        store().insert(p);
        assertThat(store().keyUsed(org, "my.key")).isTrue();
        assertThat(store().keyUsed(org, "myxkey")).isFalse();
        assertThat(store().keyUsed(UUID.randomUUID(), "my.key")).isFalse();
        assertThat(store().findByKey(org, "MY.KEY")).contains(p);
        assertThat(store().findByKey(org, "other")).isEmpty();
    }

    @Test
    void renamesAndDeletes() {
        Project p = project(UUID.randomUUID(), "rename", T);
        store().insert(p);
        store().rename(p.id(), "Renamed");
        Project renamed = store().find(p.id()).orElseThrow();
        assertThat(renamed.name()).isEqualTo("Renamed");
        assertThat(renamed.updatedAt()).isAfter(p.updatedAt());
        store().delete(p.id());
        assertThat(store().find(p.id())).isEmpty();
    }
}
