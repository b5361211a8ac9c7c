package io.toggleworks.api.experiments;

import io.toggleworks.api.db.NameLocks;
import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Variation;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The iteration lifecycle (api.md §4.5.12, FeatBit's ExperimentService): closing running iterations fetches their
 * final results from the DAS; start adds a new iteration, stop pauses, "remove data" archives the iterations,
 * archive retires the experiment. The DAS is called outside any transaction; the experiment row is then written
 * only if nobody changed it meanwhile (409 otherwise), so no change is half-applied or lost.
 */
@Service
public class ExperimentService {
    private final ExperimentStore experiments;
    private final ExperimentMetricStore metrics;
    private final FlagStore flags;
    private final DasClient das;
    private final TransactionTemplate tx;
    private final NameLocks locks;

    public ExperimentService(ExperimentStore experiments, ExperimentMetricStore metrics, FlagStore flags,
                             DasClient das, TransactionTemplate tx, NameLocks locks) {
        this.experiments = experiments;
        this.metrics = metrics;
        this.flags = flags;
        this.das = das;
        this.tx = tx;
        this.locks = locks;
    }

    /** A live experiment of the environment, else 404 (archived experiments are gone for the lifecycle). */
    public Experiment live(UUID envId, UUID id) {
        return experiments.find(envId, id).filter(e -> !e.isArchived()).orElseThrow(ApiException::notFound);
    }

    /**
     * Creates the experiment unless a live one exists for the flag and metric; returns the live one. Creations of
     * one pair are serialized (no unique index can say "one live per pair"; the lock ends with the transaction).
     */
    public Experiment create(Experiment experiment) {
        return tx.execute(status -> {
            locks.lock("experiment", experiment.featureFlagId(), experiment.metricId().toString());
            Optional<Experiment> existing = experiments.findLive(experiment.envId(), experiment.featureFlagId(),
                    experiment.metricId());
            if (existing.isPresent()) {
                return existing.get();
            }
            experiments.insert(experiment);
            return experiment;
        });
    }

    public ExperimentIteration start(UUID envId, UUID id) {
        Experiment before = live(envId, id);
        FeatureFlag flag = flag(before).orElseThrow(ApiException::notFound);
        ExperimentMetric metric = metrics.find(envId, before.metricId()).orElseThrow(ApiException::notFound);
        Instant now = ExperimentStore.now();
        List<ExperimentIteration> iterations = closeRunning(before, Optional.of(flag), now);
        ExperimentIteration started = new ExperimentIteration(UUID.randomUUID().toString(), now, null, null, false,
                metric.eventType(), metric.eventName(), metric.customEventTrackOption(), metric.customEventUnit(),
                metric.customEventSuccessCriteria(), List.of(), false);
        iterations.add(started);
        save(before, before.with(Experiment.RECORDING, false, iterations, now));
        return started;
    }

    /** Pauses a recording experiment; without a running iteration nothing changes (as FeatBit). */
    public void stop(UUID envId, UUID id) {
        Experiment before = live(envId, id);
        if (before.iterations().stream().allMatch(ExperimentIteration::isFinish)) {
            return;
        }
        Instant now = ExperimentStore.now();
        save(before, before.with(Experiment.PAUSED, false, closeRunning(before, flag(before), now), now));
    }

    /** "Remove data": closes and archives every iteration; the experiment is NotStarted again. */
    public void archiveIterations(UUID envId, UUID id) {
        Experiment before = live(envId, id);
        if (before.iterations().isEmpty()) {
            return;
        }
        Instant now = ExperimentStore.now();
        List<ExperimentIteration> closed = closeRunning(before, flag(before), now);
        save(before, before.with(Experiment.NOT_STARTED, false,
                closed.stream().map(ExperimentIteration::archived).toList(), now));
    }

    /** Archives the experiment (idempotent), closing its running iterations with their final results. */
    public void archive(UUID envId, UUID id) {
        Optional<Experiment> found = experiments.find(envId, id);
        Experiment before = found.orElseThrow(ApiException::notFound);
        if (before.isArchived()) {
            return;
        }
        Instant now = ExperimentStore.now();
        save(before, before.with(Experiment.PAUSED, true, closeRunning(before, flag(before), now), now));
    }

    public record Refreshed(String id, boolean isUpdated, Instant updatedAt, List<IterationResult> results,
                            boolean isFinish) {
    }

    /**
     * Fresh results of one iteration from the DAS, stored into the iteration; a locked iteration (finished 3 days
     * ago) answers its stored results. What is measured comes from the stored experiment, flag and iteration, not
     * from the request (ADR 0076). Empty when the experiment or iteration is unknown (FeatBit skips those).
     */
    public Optional<Refreshed> refresh(UUID envId, UUID experimentId, String iterationId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Experiment> found = experiments.find(envId, experimentId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Experiment before = found.get();
            Optional<ExperimentIteration> target = before.iterations().stream()
                    .filter(i -> i.id().equals(iterationId)).findFirst();
            if (target.isEmpty()) {
                return Optional.empty();
            }
            ExperimentIteration it = target.get();
            Instant now = ExperimentStore.now();
            if (it.lockedAt(now)) {
                return Optional.of(new Refreshed(it.id(), false, it.updatedAt(), it.results(), true));
            }
            Optional<DasClient.IterationAnswer> answer = flag(before).flatMap(f -> das.results(query(before, f, it)));
            if (answer.isEmpty()) {
                return Optional.of(new Refreshed(it.id(), false, it.updatedAt(), it.results(), it.isFinish()));
            }
            ExperimentIteration updated = it.withResults(answer.get().results(), answer.get().isFinish(), now);
            List<ExperimentIteration> iterations = before.iterations().stream()
                    .map(i -> i.id().equals(iterationId) ? updated : i).toList();
            // The row's updatedAt is the concurrency token; refreshing results is not an edit of the experiment,
            // but the token must move so a concurrent stop cannot overwrite these results or vice versa.
            if (experiments.update(before.with(before.status(), before.isArchived(), iterations, now), before)) {
                return Optional.of(new Refreshed(it.id(), true, now, updated.results(), updated.isFinish()));
            }
        }
        throw ApiException.conflict();
    }

    /** The experiment's iterations with every running one ended at {@code now} and its final results fetched. */
    private List<ExperimentIteration> closeRunning(Experiment experiment, Optional<FeatureFlag> flag, Instant now) {
        List<ExperimentIteration> result = new ArrayList<>();
        for (ExperimentIteration it : experiment.iterations()) {
            if (!it.running()) {
                result.add(it);
                continue;
            }
            ExperimentIteration ended = it.ended(now);
            Optional<DasClient.IterationAnswer> answer = flag.flatMap(f -> das.results(query(experiment, f, ended)));
            result.add(answer.map(a -> ended.withResults(a.results(), true, now)).orElse(ended));
        }
        return result;
    }

    static DasClient.IterationQuery query(Experiment e, FeatureFlag flag, ExperimentIteration it) {
        return new DasClient.IterationQuery(e.id(), it.id(), e.envId(), e.envId() + "-" + flag.key(),
                e.baselineVariationId(), flag.variations().stream().map(Variation::id).toList(), it.eventName(),
                it.eventType(), it.customEventTrackOption(), it.customEventSuccessCriteria(), it.customEventUnit(),
                it.startTime().toEpochMilli(), it.endTime() == null ? null : it.endTime().toEpochMilli(), e.alpha());
    }

    private Optional<FeatureFlag> flag(Experiment e) {
        return flags.findById(e.featureFlagId()).filter(f -> f.envId().equals(e.envId()));
    }

    private void save(Experiment before, Experiment after) {
        if (!experiments.update(after, before)) {
            throw ApiException.conflict();
        }
    }
}
