package io.toggleworks.api.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ExperimentStore} does, run once per main database; each test uses fresh environments. */
abstract class ExperimentStoreContract {
    protected abstract ExperimentStore store();

    /** Times with milliseconds only: MongoDB keeps no more. */
    static Instant t(long second) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second).plusMillis(125);
    }

    static Experiment experiment(UUID env, UUID flag, UUID metric, String status, boolean archived, long createdSecond,
                                 List<ExperimentIteration> iterations) {
        return new Experiment(UUID.randomUUID(), env, metric, flag, archived, status, "v-base", iterations, 0.1,
                t(createdSecond), t(createdSecond));
    }

    static ExperimentIteration iteration(String id, Instant start, Instant end, boolean finished) {
        List<IterationResult> results = List.of(
                new IterationResult("0.5", List.of("0.1", "0.9"), 12L, "0.3", 40L, "1.5", true, false, false, "0.04",
                        33L, "v-base", "0.2", null, "0.7"),
                new IterationResult("-", List.of(), null, null, null, null, false, true, false, null, null, "v-2",
                        null, "no data", null));
        return new ExperimentIteration(id, start, end, end == null ? null : end.plusSeconds(1), false, 1, "clicked", 2,
                "ms", 1, results, finished);
    }

    @Test
    void insertsAndFindsWithIterationsInItsEnvironmentOnly() {
        UUID env = UUID.randomUUID();
        Experiment e = experiment(env, UUID.randomUUID(), UUID.randomUUID(), Experiment.RECORDING, false, 1,
                List.of(iteration("it-1", t(2), t(3), true), iteration("it-2", t(4), null, false)));
        store().insert(e);
        assertThat(store().find(env, e.id())).contains(e);
        assertThat(store().find(UUID.randomUUID(), e.id())).isEmpty();
        assertThat(store().find(env, UUID.randomUUID())).isEmpty();

        Experiment bare = new Experiment(UUID.randomUUID(), env, UUID.randomUUID(), UUID.randomUUID(), false,
                Experiment.NOT_STARTED, null, List.of(), Experiment.DEFAULT_ALPHA, t(5), t(5));
        store().insert(bare);
        assertThat(store().find(env, bare.id())).contains(bare);
    }

    @Test
    void updateSucceedsOnlyFromTheStoredVersion() {
        UUID env = UUID.randomUUID();
        Experiment e = experiment(env, UUID.randomUUID(), UUID.randomUUID(), Experiment.NOT_STARTED, false, 1, List.of());
        store().insert(e);
        Experiment before = store().find(env, e.id()).orElseThrow();
        Experiment after = before.with(Experiment.RECORDING, false, List.of(iteration("it", t(10), null, false)), t(10));
        assertThat(store().update(after, before)).isTrue();
        Experiment stored = store().find(env, e.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(Experiment.RECORDING);
        assertThat(stored.iterations()).isEqualTo(after.iterations());
        assertThat(stored.updatedAt()).isEqualTo(t(10));
        assertThat(stored.createdAt()).isEqualTo(t(1));
        assertThat(stored.metricId()).isEqualTo(e.metricId());
        assertThat(stored.alpha()).isEqualTo(0.1);

        // A writer that read the first version is refused, even with a later time.
        assertThat(store().update(before.with(Experiment.PAUSED, true, List.of(), t(20)), before)).isFalse();
        assertThat(store().find(env, e.id()).orElseThrow().status()).isEqualTo(Experiment.RECORDING);

        Experiment second = stored.with(Experiment.PAUSED, false, stored.iterations(), t(11));
        assertThat(store().update(second, stored)).isTrue();
        Experiment third = store().find(env, e.id()).orElseThrow();
        assertThat(third.status()).isEqualTo(Experiment.PAUSED);

        Experiment archived = third.with(Experiment.PAUSED, true, third.iterations(), t(30));
        assertThat(store().update(archived, third)).isTrue();
        assertThat(store().find(env, e.id()).orElseThrow().isArchived()).isTrue();
        // An experiment that is not stored is not written.
        Experiment unknown = experiment(env, UUID.randomUUID(), UUID.randomUUID(), Experiment.PAUSED, false, 1, List.of());
        assertThat(store().update(unknown.with(Experiment.RECORDING, false, List.of(), t(40)), unknown)).isFalse();
        assertThat(store().find(env, unknown.id())).isEmpty();
    }

    @Test
    void findLiveIsTheOldestUnarchivedOfTheFlagAndMetric() {
        UUID env = UUID.randomUUID();
        UUID flag = UUID.randomUUID();
        UUID metric = UUID.randomUUID();
        store().insert(experiment(env, flag, metric, Experiment.PAUSED, true, 1, List.of()));
        assertThat(store().findLive(env, flag, metric)).isEmpty();
        Experiment older = experiment(env, flag, metric, Experiment.NOT_STARTED, false, 2, List.of());
        Experiment newer = experiment(env, flag, metric, Experiment.NOT_STARTED, false, 3, List.of());
        store().insert(newer);
        store().insert(older);
        store().insert(experiment(env, flag, UUID.randomUUID(), Experiment.NOT_STARTED, false, 0, List.of()));
        assertThat(store().findLive(env, flag, metric).map(Experiment::id)).contains(older.id());
        assertThat(store().findLive(UUID.randomUUID(), flag, metric)).isEmpty();
    }

    @Test
    void aMetricIsInUseWhileALiveExperimentMeasuresIt() {
        UUID env = UUID.randomUUID();
        UUID metric = UUID.randomUUID();
        assertThat(store().metricInUse(metric)).isFalse();
        store().insert(experiment(env, UUID.randomUUID(), metric, Experiment.PAUSED, true, 1, List.of()));
        assertThat(store().metricInUse(metric)).isFalse();
        store().insert(experiment(env, UUID.randomUUID(), metric, Experiment.NOT_STARTED, false, 2, List.of()));
        assertThat(store().metricInUse(metric)).isTrue();
    }

    @Test
    void listsLiveExperimentsNewestFirstAndCountsThemByStatus() {
        UUID env = UUID.randomUUID();
        UUID flagA = UUID.randomUUID();
        UUID flagB = UUID.randomUUID();
        Experiment a1 = experiment(env, flagA, UUID.randomUUID(), Experiment.RECORDING, false, 1, List.of());
        Experiment b2 = experiment(env, flagB, UUID.randomUUID(), Experiment.PAUSED, false, 2, List.of());
        Experiment a3 = experiment(env, flagA, UUID.randomUUID(), Experiment.RECORDING, false, 3, List.of());
        Experiment a4 = experiment(env, flagA, UUID.randomUUID(), Experiment.NOT_STARTED, false, 4, List.of());
        Experiment archived = experiment(env, flagA, UUID.randomUUID(), Experiment.RECORDING, true, 5, List.of());
        for (Experiment e : List.of(a1, b2, a3, a4, archived)) {
            store().insert(e);
        }
        store().insert(experiment(UUID.randomUUID(), flagA, UUID.randomUUID(), Experiment.RECORDING, false, 6, List.of()));
        assertThat(store().listLive(env, Optional.empty())).extracting(Experiment::id)
                .containsExactly(a4.id(), a3.id(), b2.id(), a1.id());
        assertThat(store().listLive(env, Optional.of(flagA))).extracting(Experiment::id)
                .containsExactly(a4.id(), a3.id(), a1.id());
        assertThat(store().listLive(UUID.randomUUID(), Optional.empty())).isEmpty();
        assertThat(store().statusCount(env)).containsExactly(
                new ExperimentStore.StatusCount(Experiment.NOT_STARTED, 1),
                new ExperimentStore.StatusCount(Experiment.PAUSED, 1),
                new ExperimentStore.StatusCount(Experiment.RECORDING, 2));
        assertThat(store().statusCount(UUID.randomUUID())).isEmpty();
    }
}
