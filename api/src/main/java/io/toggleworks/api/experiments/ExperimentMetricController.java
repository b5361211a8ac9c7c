package io.toggleworks.api.experiments;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.tenancy.EnvScope;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.api.web.Validation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Experiment metrics of an environment (api.md §4.5.12); scoped and validated as the experiments (ADR 0076). */
@RestController
@RequestMapping("/api/v1/envs/{envId}/experiment-metrics")
public class ExperimentMetricController {
    static final int MAX_NAME = 128;
    static final int MAX_TEXT = 10_000;
    static final int MAX_URL = 2048;
    static final int MAX_TARGET_URLS = 100;

    private final Guard guard;
    private final ExperimentMetricStore metrics;
    private final ExperimentStore experiments;

    public ExperimentMetricController(Guard guard, ExperimentMetricStore metrics, ExperimentStore experiments) {
        this.guard = guard;
        this.metrics = metrics;
        this.experiments = experiments;
    }

    public record MetricBody(String name, String description, UUID maintainerUserId, String eventName,
                             Integer eventType, Integer customEventTrackOption, String customEventUnit,
                             Integer customEventSuccessCriteria, String elementTargets,
                             List<ExperimentMetric.TargetUrl> targetUrls) {
    }

    public record ExperimentMetricVm(UUID id, String name, UUID envId, String description, UUID maintainerUserId,
                                     String maintainerName, String maintainerEmail, String eventName, int eventType,
                                     int customEventTrackOption, String customEventUnit,
                                     int customEventSuccessCriteria, String elementTargets,
                                     List<ExperimentMetric.TargetUrl> targetUrls,
                                     @JsonProperty("isArvhived") boolean isArvhived) {
    }

    @GetMapping
    public ApiResponse<PagedResult<ExperimentMetricVm>> list(Caller caller, @PathVariable UUID envId,
                                                             @RequestParam(required = false) String metricName,
                                                             @RequestParam(required = false) Integer eventType,
                                                             @RequestParam(required = false) Integer pageIndex,
                                                             @RequestParam(required = false) Integer pageSize) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        Paging paging = Paging.of(pageIndex, pageSize);
        PagedResult<ExperimentMetric> page = metrics.list(envId, metricName, eventType, paging);
        Map<UUID, ExperimentMetricStore.Maintainer> people = metrics.maintainers(
                page.items().stream().map(ExperimentMetric::maintainerUserId).toList());
        return ApiResponse.ok(new PagedResult<>(page.totalCount(),
                page.items().stream().map(m -> vm(m, people.get(m.maintainerUserId()))).toList()));
    }

    @PostMapping
    public ApiResponse<ExperimentMetricVm> create(Caller caller, @PathVariable UUID envId,
                                                  @RequestBody MetricBody body) {
        EnvScope env = guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        ExperimentMetricStore.Maintainer maintainer = validate(env, body);
        Instant now = ExperimentStore.now();
        ExperimentMetric metric = build(UUID.randomUUID(), envId, body, now, now);
        metrics.insert(metric);
        return ApiResponse.ok(vm(metric, maintainer));
    }

    @PutMapping("/{id}")
    public ApiResponse<ExperimentMetricVm> update(Caller caller, @PathVariable UUID envId, @PathVariable UUID id,
                                                  @RequestBody MetricBody body) {
        EnvScope env = guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        ExperimentMetric before = metrics.find(envId, id).filter(m -> !m.isArvhived())
                .orElseThrow(ApiException::notFound);
        ExperimentMetricStore.Maintainer maintainer = validate(env, body);
        ExperimentMetric after = build(id, envId, body, before.createdAt(), ExperimentStore.now());
        metrics.update(after);
        return ApiResponse.ok(vm(after, maintainer));
    }

    /** Archives the metric (idempotent); 422 {@code MetricIsBeingUsedByExperiment} while a live experiment uses it. */
    @PutMapping("/{id}/archive")
    public ApiResponse<Boolean> archive(Caller caller, @PathVariable UUID envId, @PathVariable UUID id) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        ExperimentMetric metric = metrics.find(envId, id).orElseThrow(ApiException::notFound);
        if (metric.isArvhived()) {
            return ApiResponse.ok(true);
        }
        if (experiments.metricInUse(id)) {
            throw ApiException.rule(METRIC_IS_BEING_USED_BY_EXPERIMENT);
        }
        metrics.update(new ExperimentMetric(metric.id(), metric.envId(), metric.name(), metric.description(),
                metric.maintainerUserId(), metric.eventName(), metric.eventType(), metric.customEventTrackOption(),
                metric.customEventUnit(), metric.customEventSuccessCriteria(), metric.elementTargets(),
                metric.targetUrls(), true, metric.createdAt(), ExperimentStore.now()));
        return ApiResponse.ok(true);
    }

    static final String METRIC_IS_BEING_USED_BY_EXPERIMENT = "MetricIsBeingUsedByExperiment";

    /**
     * FeatBit requires name, eventType and maintainer (and eventName on update; its database refuses a metric
     * without one, so we require it on create too). We also check the enums, sizes, target URLs and that the
     * maintainer is a member of the organization.
     */
    private ExperimentMetricStore.Maintainer validate(EnvScope env, MetricBody b) {
        Validation v = Validation.of()
                .required("name", b.name()).maxLength("name", b.name(), MAX_NAME)
                .required("eventName", b.eventName()).maxLength("eventName", b.eventName(), MAX_NAME)
                .required("eventType", b.eventType())
                .that(b.eventType() == null || (b.eventType() >= 1 && b.eventType() <= 3), ErrorCodes.invalid("eventType"))
                .required("maintainerUserId", b.maintainerUserId())
                .that(b.customEventTrackOption() == null || (b.customEventTrackOption() >= 0 && b.customEventTrackOption() <= 2),
                        ErrorCodes.invalid("customEventTrackOption"))
                .that(b.customEventSuccessCriteria() == null
                                || (b.customEventSuccessCriteria() >= 0 && b.customEventSuccessCriteria() <= 2),
                        ErrorCodes.invalid("customEventSuccessCriteria"))
                .maxLength("customEventUnit", b.customEventUnit(), MAX_NAME)
                .maxLength("description", b.description(), MAX_TEXT)
                .maxLength("elementTargets", b.elementTargets(), MAX_TEXT);
        List<ExperimentMetric.TargetUrl> urls = b.targetUrls() == null ? List.of() : b.targetUrls();
        v.that(urls.size() <= MAX_TARGET_URLS, ErrorCodes.invalid("targetUrls"));
        for (ExperimentMetric.TargetUrl u : urls) {
            v.that(u != null && u.url() != null && !u.url().isBlank() && u.url().length() <= MAX_URL
                            && (u.matchType() == 0 || u.matchType() == ExperimentMetric.TargetUrl.SUBSTRING)
                            && (u.id() == null || u.id().length() <= MAX_NAME),
                    ErrorCodes.invalid("targetUrls"));
        }
        v.check();
        return metrics.maintainer(env.organizationId(), b.maintainerUserId())
                .orElseThrow(() -> ApiException.badRequest(ErrorCodes.invalid("maintainerUserId")));
    }

    private static ExperimentMetric build(UUID id, UUID envId, MetricBody b, Instant createdAt, Instant updatedAt) {
        List<ExperimentMetric.TargetUrl> urls = b.targetUrls() == null ? List.of() : b.targetUrls().stream()
                .map(u -> new ExperimentMetric.TargetUrl(u.id() == null || u.id().isBlank()
                        ? UUID.randomUUID().toString() : u.id(), ExperimentMetric.TargetUrl.SUBSTRING, u.url()))
                .toList();
        return new ExperimentMetric(id, envId, b.name().trim(), b.description(), b.maintainerUserId(),
                b.eventName().trim(), b.eventType(), b.customEventTrackOption() == null ? 0 : b.customEventTrackOption(),
                b.customEventUnit(), b.customEventSuccessCriteria() == null ? 0 : b.customEventSuccessCriteria(),
                b.elementTargets(), urls, false, createdAt, updatedAt);
    }

    static ExperimentMetricVm vm(ExperimentMetric m, ExperimentMetricStore.Maintainer who) {
        return new ExperimentMetricVm(m.id(), m.name(), m.envId(), m.description(), m.maintainerUserId(),
                who == null ? null : who.name(), who == null ? null : who.email(), m.eventName(), m.eventType(),
                m.customEventTrackOption(), m.customEventUnit(), m.customEventSuccessCriteria(), m.elementTargets(),
                m.targetUrls(), m.isArvhived());
    }
}
