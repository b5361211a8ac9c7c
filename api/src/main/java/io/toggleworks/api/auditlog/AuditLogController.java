package io.toggleworks.api.auditlog;

import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.security.OpenApi;
import io.toggleworks.api.tenancy.EnvScope;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.api.web.Validation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Audit logs of an environment (api.md §4.5.8). FeatBit checks nothing beyond authentication here; we require
 * {@code CanAccessEnv} on the environment, and {@code crossEnvironment} widens to the organization's environments
 * only.
 */
@RestController
@RequestMapping("/api/v1/envs/{envId}/audit-logs")
public class AuditLogController {
    private final Guard guard;
    private final AuditLogStore store;

    public AuditLogController(Guard guard, AuditLogStore store) {
        this.guard = guard;
        this.store = store;
    }

    public record AuditLogVm(UUID id, String refId, String refType, String keyword, String operation, DataChange dataChange,
                             String comment, UUID creatorId, String creatorName, String creatorEmail, Instant createdAt,
                             List<Instruction> instructions) {
    }

    public record CompareRequest(String refType, DataChange dataChange) {
    }

    @OpenApi
    @GetMapping
    public ApiResponse<PagedResult<AuditLogVm>> list(Caller caller, @PathVariable UUID envId,
                                                     @RequestParam(required = false) String query,
                                                     @RequestParam(required = false) UUID creatorId,
                                                     @RequestParam(required = false) String refId,
                                                     @RequestParam(required = false) String refType,
                                                     @RequestParam(required = false) Long from,
                                                     @RequestParam(required = false) Long to,
                                                     @RequestParam(required = false) Boolean crossEnvironment,
                                                     @RequestParam(required = false) Integer pageIndex,
                                                     @RequestParam(required = false) Integer pageSize) {
        EnvScope env = guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        Paging paging = Paging.of(pageIndex, pageSize);
        Validation.of()
                .that(refType == null || refType.isBlank() || refType.equals(AuditLogStore.FEATURE_FLAG)
                        || refType.equals(AuditLogStore.SEGMENT), ErrorCodes.invalid("refType"))
                .that(from == null || from >= 0, ErrorCodes.invalid("from"))
                .that(to == null || to >= 0, ErrorCodes.invalid("to"))
                .check();
        List<UUID> envIds = Boolean.TRUE.equals(crossEnvironment)
                ? store.envIdsOfOrganization(env.organizationId())
                : List.of(envId);
        var page = store.list(new AuditLogStore.Filter(envIds, query, creatorId, refId, refType,
                from == null || from == 0 ? null : Instant.ofEpochMilli(from),
                to == null || to == 0 ? null : Instant.ofEpochMilli(to)), paging);
        return ApiResponse.ok(new PagedResult<>(page.totalCount(), page.items().stream()
                .map(r -> new AuditLogVm(r.id(), r.refId(), r.refType(), r.keyword(), r.operation(), r.dataChange(), r.comment(),
                        r.creatorId(), r.creatorName(), r.creatorEmail(), r.createdAt(), Instructions.of(r.refType(), r.dataChange())))
                .toList()));
    }

    /** The instructions between two versions the portal holds (e.g. a pending change against the current flag). */
    @PostMapping("/compare")
    public ApiResponse<List<Instruction>> compare(Caller caller, @PathVariable UUID envId, @RequestBody CompareRequest body) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        Validation.of().required("refType", body.refType()).required("dataChange", body.dataChange()).check();
        return ApiResponse.ok(Instructions.of(body.refType(), body.dataChange()));
    }
}
