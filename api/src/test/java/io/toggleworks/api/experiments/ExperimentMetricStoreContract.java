package io.toggleworks.api.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ExperimentMetricStore} does, run once per main database; each test uses fresh environments. */
abstract class ExperimentMetricStoreContract {
    protected abstract ExperimentMetricStore store();

    /** A user (random e-mail), member of the organization when {@code organizationId} is not null. */
    protected abstract void insertUser(UUID userId, String name, String email, UUID organizationId);

    static Instant t(long second) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second).plusMillis(375);
    }

    static ExperimentMetric metric(UUID env, String name, int eventType, boolean archived, long updatedSecond) {
        return new ExperimentMetric(UUID.randomUUID(), env, name, "about " + name, UUID.randomUUID(), "ev-" + name,
                eventType, 2, "ms", 1, "#buy", List.of(new ExperimentMetric.TargetUrl("u1", 1, "/checkout")), archived,
                t(0), t(updatedSecond));
    }

    private static List<String> names(PagedResult<ExperimentMetric> page) {
        return page.items().stream().map(ExperimentMetric::name).toList();
    }

    @Test
    void insertsFindsAndUpdatesInItsEnvironmentOnly() {
        UUID env = UUID.randomUUID();
        ExperimentMetric m = metric(env, "signup", ExperimentMetric.CUSTOM, false, 1);
        store().insert(m);
        assertThat(store().find(env, m.id())).contains(m);
        assertThat(store().find(UUID.randomUUID(), m.id())).isEmpty();

        ExperimentMetric edited = new ExperimentMetric(m.id(), env, "signed up", null, UUID.randomUUID(), "ev2",
                ExperimentMetric.PAGE_VIEW, 1, null, 2, null, List.of(), true, m.createdAt(), t(9));
        store().update(edited);
        assertThat(store().find(env, m.id())).contains(edited);

        // Another environment's id is not written.
        store().update(new ExperimentMetric(m.id(), UUID.randomUUID(), "hijack", null, UUID.randomUUID(), "x", 1, 1, null, 1,
                null, List.of(), false, t(0), t(20)));
        assertThat(store().find(env, m.id())).contains(edited);
    }

    @Test
    void listsLiveMetricsNewestChangeFirstWithFiltersAndPages() {
        UUID env = UUID.randomUUID();
        store().insert(metric(env, "Checkout clicks", ExperimentMetric.CLICK, false, 1));
        store().insert(metric(env, "checkout views", ExperimentMetric.PAGE_VIEW, false, 2));
        store().insert(metric(env, "revenue", ExperimentMetric.CUSTOM, false, 3));
        store().insert(metric(env, "checkout old", ExperimentMetric.CLICK, true, 4));
        store().insert(metric(env, "a.c", ExperimentMetric.CUSTOM, false, 5));
        store().insert(metric(env, "abc", ExperimentMetric.CUSTOM, false, 6));
        store().insert(metric(UUID.randomUUID(), "checkout elsewhere", ExperimentMetric.CLICK, false, 7));

        PagedResult<ExperimentMetric> all = store().list(env, null, null, Paging.of(0, 10));
        assertThat(all.totalCount()).isEqualTo(5);
        assertThat(names(all)).containsExactly("abc", "a.c", "revenue", "checkout views", "Checkout clicks");
        PagedResult<ExperimentMetric> second = store().list(env, null, null, Paging.of(1, 2));
        assertThat(second.totalCount()).isEqualTo(5);
        assertThat(names(second)).containsExactly("revenue", "checkout views");
        assertThat(names(store().list(env, " CHECKOUT ", null, Paging.of(0, 10)))).containsExactly("checkout views", "Checkout clicks");
        PagedResult<ExperimentMetric> clicks = store().list(env, "checkout", ExperimentMetric.CLICK, Paging.of(0, 10));
        assertThat(clicks.totalCount()).isEqualTo(1);
        assertThat(names(clicks)).containsExactly("Checkout clicks");
        assertThat(names(store().list(env, "a.c", null, Paging.of(0, 10)))).containsExactly("a.c");
        assertThat(names(store().list(env, "%", null, Paging.of(0, 10)))).isEmpty();
        assertThat(store().list(UUID.randomUUID(), null, null, Paging.of(0, 10)).totalCount()).isZero();
    }

    @Test
    void byIdsFindsMetricsOfAnyEnvironment() {
        ExperimentMetric a = metric(UUID.randomUUID(), "a", 1, false, 1);
        ExperimentMetric b = metric(UUID.randomUUID(), "b", 1, true, 1);
        store().insert(a);
        store().insert(b);
        Map<java.util.UUID, ExperimentMetric> found = store().byIds(List.of(a.id(), b.id(), a.id(), UUID.randomUUID()));
        assertThat(found).containsOnlyKeys(a.id(), b.id());
        assertThat(found.get(b.id())).isEqualTo(b);
        assertThat(store().byIds(List.of())).isEmpty();
    }

    @Test
    void aMaintainerMustBeAMemberOfTheOrganization() {
        UUID org = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID outsider = UUID.randomUUID();
        String email = "m-" + member + "@example.com";
        insertUser(member, "Mia", email, org);
        insertUser(outsider, "Otto", "o-" + outsider + "@example.com", UUID.randomUUID());
        assertThat(store().maintainer(org, member)).contains(new ExperimentMetricStore.Maintainer(member, "Mia", email));
        assertThat(store().maintainer(org, outsider)).isEmpty();
        assertThat(store().maintainer(org, UUID.randomUUID())).isEmpty();

        Map<UUID, ExperimentMetricStore.Maintainer> people = store().maintainers(List.of(member, outsider, member, UUID.randomUUID()));
        assertThat(people).containsOnlyKeys(member, outsider);
        assertThat(people.get(outsider).name()).isEqualTo("Otto");
        assertThat(store().maintainers(List.of())).isEmpty();
    }
}
