package io.toggleworks.api.experiments;

import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.api.web.Validation;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Variation;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Experiments of an environment (api.md §4.5.12). FeatBit checks nothing beyond authentication here; we resolve
 * the environment in the caller's organization and require {@code CanAccessEnv} on it, and every flag, metric and
 * experiment id must belong to that environment (ADR 0076).
 */
@RestController
@RequestMapping("/api/v1/envs/{envId}/experiments")
public class ExperimentController {
    static final int MAX_REFRESH_ITEMS = 100;

    private final Guard guard;
    private final ExperimentService service;
    private final ExperimentStore experiments;
    private final ExperimentMetricStore metrics;
    private final FlagStore flags;

    public ExperimentController(Guard guard, ExperimentService service, ExperimentStore experiments,
                                ExperimentMetricStore metrics, FlagStore flags) {
        this.guard = guard;
        this.service = service;
        this.experiments = experiments;
        this.metrics = metrics;
        this.flags = flags;
    }

    /** FeatBit's request spells {@code baseLineVariationId}; JSON input is case-insensitive, so both bind. */
    public record CreateExperiment(UUID featureFlagId, UUID metricId, String baseLineVariationId, Double alpha) {
    }

    public record ExperimentVm(UUID id, String baselineVariationId, List<Variation> variations,
                               Variation baselineVariation, UUID featureFlagId, String featureFlagKey,
                               String featureFlagName, UUID metricId, String metricName, String metricEventName,
                               int metricEventType, int metricCustomEventTrackOption,
                               int metricCustomEventSuccessCriteria, String metricCustomEventUnit, String status,
                               List<ExperimentIteration> iterations, double alpha, Instant createdAt) {
    }

    /** One item of {@code PUT iteration-results}; only the ids are used, the rest is FeatBit's shape. */
    public record IterationParam(UUID exptId, String iterationId, String flagExptId, String baselineVariationId,
                                 List<String> variationIds, String eventName, Integer eventType,
                                 Integer customEventTrackOption, Integer customEventSuccessCriteria,
                                 String customEventUnit, Long startTime, Long endTime, Boolean isFinish) {
    }

    @GetMapping
    public ApiResponse<PagedResult<ExperimentVm>> list(Caller caller, @PathVariable UUID envId,
                                                       @RequestParam(required = false) String featureFlagName,
                                                       @RequestParam(required = false) UUID featureFlagId,
                                                       @RequestParam(required = false) Integer pageIndex,
                                                       @RequestParam(required = false) Integer pageSize) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        // FeatBit: pageSize=-1 means "no paging".
        boolean all = pageSize != null && pageSize == -1;
        Paging paging = all ? new Paging(0, Integer.MAX_VALUE) : Paging.of(pageIndex, pageSize);
        List<ExperimentVm> vms = views(envId, experiments.listLive(envId, Optional.ofNullable(featureFlagId)));
        if (featureFlagName != null && !featureFlagName.isBlank()) {
            String needle = featureFlagName.trim().toLowerCase(java.util.Locale.ROOT);
            vms = vms.stream().filter(v -> v.featureFlagName().toLowerCase(java.util.Locale.ROOT).contains(needle))
                    .toList();
        }
        return ApiResponse.ok(PagedResult.page(vms, paging));
    }

    @PostMapping
    public ApiResponse<Experiment> create(Caller caller, @PathVariable UUID envId,
                                          @RequestBody CreateExperiment body) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        Validation.of().required("featureFlagId", body.featureFlagId()).required("metricId", body.metricId())
                .required("baseLineVariationId", body.baseLineVariationId())
                .that(body.alpha() == null || (body.alpha() > 0 && body.alpha() < 1), ErrorCodes.invalid("alpha"))
                .check();
        Optional<FeatureFlag> flag = flags.findById(body.featureFlagId()).filter(f -> f.envId().equals(envId));
        Optional<ExperimentMetric> metric = metrics.find(envId, body.metricId()).filter(m -> !m.isArvhived());
        Validation.of()
                .that(flag.isPresent(), ErrorCodes.invalid("featureFlagId"))
                .that(metric.isPresent(), ErrorCodes.invalid("metricId"))
                .that(flag.isEmpty() || flag.get().variations().stream()
                        .anyMatch(v -> v.id().equals(body.baseLineVariationId())), ErrorCodes.invalid("baseLineVariationId"))
                .check();
        Instant now = ExperimentStore.now();
        Experiment experiment = new Experiment(UUID.randomUUID(), envId, body.metricId(), body.featureFlagId(), false,
                Experiment.NOT_STARTED, body.baseLineVariationId(), List.of(),
                body.alpha() == null ? Experiment.DEFAULT_ALPHA : body.alpha(), now, now);
        return ApiResponse.ok(service.create(experiment));
    }

    @GetMapping("/variation-experiment-references")
    public ApiResponse<List<ExperimentVm>> variationReferences(Caller caller, @PathVariable UUID envId,
                                                               @RequestParam(required = false) UUID flagId,
                                                               @RequestParam(required = false) String variationId) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        Validation.of().required("featureFlagId", flagId).required("variationId", variationId).check();
        return ApiResponse.ok(views(envId, experiments.listLive(envId, Optional.of(flagId))).stream()
                .filter(v -> v.baselineVariation() != null && v.baselineVariation().id().equals(variationId))
                .toList());
    }

    @GetMapping("/status-count")
    public ApiResponse<List<ExperimentStore.StatusCount>> statusCount(Caller caller, @PathVariable UUID envId) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        return ApiResponse.ok(experiments.statusCount(envId));
    }

    @PutMapping("/iteration-results")
    public ApiResponse<List<ExperimentService.Refreshed>> iterationResults(Caller caller, @PathVariable UUID envId,
                                                                           @RequestBody List<IterationParam> body) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        Validation v = Validation.of().that(body != null && body.size() <= MAX_REFRESH_ITEMS, ErrorCodes.invalid("body"));
        if (body != null) {
            for (IterationParam p : body) {
                v.that(p != null && p.exptId() != null, ErrorCodes.required("exptId"))
                        .that(p != null && p.iterationId() != null && !p.iterationId().isBlank(),
                                ErrorCodes.required("iterationId"));
            }
        }
        v.check();
        List<ExperimentService.Refreshed> out = new ArrayList<>();
        for (IterationParam p : body) {
            service.refresh(envId, p.exptId(), p.iterationId()).ifPresent(out::add);
        }
        return ApiResponse.ok(out);
    }

    @PostMapping("/{experimentId}")
    public ApiResponse<ExperimentIteration> start(Caller caller, @PathVariable UUID envId,
                                                  @PathVariable UUID experimentId) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        return ApiResponse.ok(service.start(envId, experimentId));
    }

    @PutMapping("/{experimentId}")
    public ApiResponse<Boolean> stop(Caller caller, @PathVariable UUID envId, @PathVariable UUID experimentId) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        service.stop(envId, experimentId);
        return ApiResponse.ok(true);
    }

    @DeleteMapping("/{experimentId}/iterations")
    public ApiResponse<Boolean> archiveIterations(Caller caller, @PathVariable UUID envId,
                                                  @PathVariable UUID experimentId) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        service.archiveIterations(envId, experimentId);
        return ApiResponse.ok(true);
    }

    @DeleteMapping("/{experimentId}")
    public ApiResponse<Boolean> archive(Caller caller, @PathVariable UUID envId, @PathVariable UUID experimentId) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        service.archive(envId, experimentId);
        return ApiResponse.ok(true);
    }

    /** Joins flags and metrics; experiments whose flag or metric is gone are left out (FeatBit's inner join). */
    private List<ExperimentVm> views(UUID envId, List<Experiment> list) {
        Map<UUID, FeatureFlag> flagsById = new java.util.HashMap<>();
        flags.findByIds(envId, list.stream().map(Experiment::featureFlagId).distinct().toList())
                .forEach(f -> flagsById.put(f.id(), f));
        Map<UUID, ExperimentMetric> metricsById = metrics.byIds(list.stream().map(Experiment::metricId).toList());
        List<ExperimentVm> out = new ArrayList<>();
        for (Experiment e : list) {
            FeatureFlag f = flagsById.get(e.featureFlagId());
            ExperimentMetric m = metricsById.get(e.metricId());
            if (f == null || m == null || !Objects.equals(m.envId(), envId)) {
                continue;
            }
            Variation baseline = f.variations().stream().filter(v -> v.id().equals(e.baselineVariationId()))
                    .findFirst().orElse(null);
            out.add(new ExperimentVm(e.id(), e.baselineVariationId(), f.variations(), baseline, f.id(), f.key(),
                    f.name(), m.id(), m.name(), m.eventName(), m.eventType(), m.customEventTrackOption(),
                    m.customEventSuccessCriteria(), m.customEventUnit(), e.status(),
                    e.iterations().stream().filter(i -> !i.isArchived()).toList(), e.alpha(), e.createdAt()));
        }
        return out;
    }
}
