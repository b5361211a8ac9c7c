package io.toggleworks.api.iam;

import io.toggleworks.api.iam.IamViews.PolicyVm;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.security.OpenApi;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.api.web.Validation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Policies (api.md §4.5.6); every route requires {@code CanManageIAM}. Built-in policies cannot be changed or deleted. */
@RestController
@RequestMapping("/api/v1/policies")
public class PolicyController {
    static final int MAX_STATEMENTS = 200;
    private final Guard guard;
    private final PolicyStore policies;
    private final GroupStore groups;
    private final MemberStore members;
    private final io.toggleworks.api.db.NameLocks locks;

    public PolicyController(Guard guard, PolicyStore policies, GroupStore groups, MemberStore members,
                            io.toggleworks.api.db.NameLocks locks) {
        this.locks = locks;
        this.guard = guard;
        this.policies = policies;
        this.groups = groups;
        this.members = members;
    }

    public record CreatePolicy(String name, String key, String description) {
    }

    public record ClonePolicy(String originPolicyType, String name, String key, String description) {
    }

    public record UpdateSettings(String name, String description) {
    }

    public record PolicyGroupVm(UUID id, String name, String description, boolean isPolicyGroup) {
    }

    public record PolicyMemberVm(UUID id, String name, String email, boolean isPolicyMember) {
    }

    @OpenApi
    @GetMapping("/{id}")
    public ApiResponse<PolicyVm> get(Caller caller, @PathVariable UUID id) {
        guard.iam(caller);
        return ApiResponse.ok(PolicyVm.of(find(caller, id)));
    }

    @OpenApi
    @GetMapping
    public ApiResponse<PagedResult<PolicyVm>> list(Caller caller, @RequestParam(required = false) String name,
                                                   @RequestParam(required = false) Integer pageIndex,
                                                   @RequestParam(required = false) Integer pageSize) {
        guard.iam(caller);
        Paging paging = Paging.of(pageIndex, pageSize);
        return ApiResponse.ok(PagedResult.page(policies.list(caller.requireOrganization(), name).stream().map(PolicyVm::of).toList(), paging));
    }

    @GetMapping("/is-key-used")
    public ApiResponse<Boolean> isKeyUsed(Caller caller, @RequestParam String key) {
        guard.iam(caller);
        return ApiResponse.ok(policies.keyUsed(caller.requireOrganization(), key));
    }

    @OpenApi
    @PostMapping
    @Transactional
    public ApiResponse<PolicyVm> create(Caller caller, @RequestBody CreatePolicy body) {
        guard.iam(caller);
        validate(body.name(), body.key(), body.description());
        return ApiResponse.ok(PolicyVm.of(insert(caller, body.name(), body.key(), body.description(), List.of())));
    }

    @OpenApi
    @PostMapping("/clone/{key}")
    @Transactional
    public ApiResponse<PolicyVm> clone(Caller caller, @PathVariable String key, @RequestBody ClonePolicy body) {
        guard.iam(caller);
        validate(body.name(), body.key(), body.description());
        boolean sys = Policy.SYS_MANAGED.equals(body.originPolicyType());
        Validation.of().that(sys || Policy.CUSTOMER_MANAGED.equals(body.originPolicyType()), ErrorCodes.invalid("originPolicyType")).check();
        Policy origin = policies.findByKey(caller.requireOrganization(), key, sys).orElseThrow(ApiException::notFound);
        return ApiResponse.ok(PolicyVm.of(insert(caller, body.name(), body.key(), body.description(), origin.statements())));
    }

    @OpenApi
    @PutMapping("/{policyId}/settings")
    public ApiResponse<PolicyVm> updateSettings(Caller caller, @PathVariable UUID policyId, @RequestBody UpdateSettings body) {
        guard.iam(caller);
        Policy policy = modifiable(caller, policyId);
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128)
                .maxLength("description", body.description(), 512).check();
        policies.updateSettings(policy.id(), body.name().trim(), body.description() == null ? "" : body.description());
        return ApiResponse.ok(PolicyVm.of(find(caller, policyId)));
    }

    @OpenApi
    @PutMapping("/{policyId}/statements")
    public ApiResponse<PolicyVm> updateStatements(Caller caller, @PathVariable UUID policyId,
                                                  @RequestBody List<PolicyStatement> body) {
        guard.iam(caller);
        Policy policy = modifiable(caller, policyId);
        validateStatements(body);
        policies.updateStatements(policy.id(), body);
        return ApiResponse.ok(PolicyVm.of(find(caller, policyId)));
    }

    @OpenApi
    @DeleteMapping("/{policyId}")
    @Transactional
    public ApiResponse<Boolean> delete(Caller caller, @PathVariable UUID policyId) {
        guard.iam(caller);
        Policy policy = modifiable(caller, policyId);
        policies.delete(policy.id());
        return ApiResponse.ok(true);
    }

    @OpenApi
    @GetMapping("/{policyId}/groups")
    public ApiResponse<PagedResult<PolicyGroupVm>> groupsOf(Caller caller, @PathVariable UUID policyId,
                                                            @RequestParam(required = false) String name,
                                                            @RequestParam(required = false) Boolean getAllGroups,
                                                            @RequestParam(required = false) Integer pageIndex,
                                                            @RequestParam(required = false) Integer pageSize) {
        guard.iam(caller);
        Paging paging = Paging.of(pageIndex, pageSize);
        find(caller, policyId);
        return ApiResponse.ok(LinkedPage.of(groups.list(caller.requireOrganization(), name), g -> g.id(),
                groups.groupIdsWithPolicy(policyId), getAllGroups,
                (g, linked) -> new PolicyGroupVm(g.id(), g.name(), g.description(), linked), paging));
    }

    @OpenApi
    @GetMapping("/{policyId}/members")
    public ApiResponse<PagedResult<PolicyMemberVm>> membersOf(Caller caller, @PathVariable UUID policyId,
                                                              @RequestParam(required = false) String searchText,
                                                              @RequestParam(required = false) Boolean getAllMembers,
                                                              @RequestParam(required = false) Integer pageIndex,
                                                              @RequestParam(required = false) Integer pageSize) {
        guard.iam(caller);
        Paging paging = Paging.of(pageIndex, pageSize);
        find(caller, policyId);
        UUID org = caller.requireOrganization();
        return ApiResponse.ok(LinkedPage.of(members.all(org, searchText), m -> m.id(), members.memberIdsWithPolicy(org, policyId),
                getAllMembers, (m, linked) -> new PolicyMemberVm(m.id(), m.name(), m.email(), linked), paging));
    }

    private Policy find(Caller caller, UUID id) {
        return policies.find(caller.requireOrganization(), id).orElseThrow(ApiException::notFound);
    }

    /** FeatBit guards settings and statements of built-in policies, but not deletion (api.md §11.8); we guard all. */
    private Policy modifiable(Caller caller, UUID id) {
        Policy policy = find(caller, id);
        if (policy.isSysManaged() || policy.organizationId().isEmpty()) {
            throw ApiException.rule(ErrorCodes.CANNOT_MODIFY_SYS_MANAGED_POLICY);
        }
        return policy;
    }

    private Policy insert(Caller caller, String name, String key, String description, List<PolicyStatement> statements) {
        UUID org = caller.requireOrganization();
        locks.lock("policy", org, key);
        if (policies.keyUsed(org, key)) {
            throw ApiException.rule(ErrorCodes.KEY_HAS_BEEN_USED);
        }
        Instant now = Instant.now();
        Policy p = new Policy(UUID.randomUUID(), Optional.of(org), name.trim(), key, description == null ? "" : description,
                Policy.CUSTOMER_MANAGED, statements, now, now);
        policies.insert(p);
        return p;
    }

    private static void validate(String name, String key, String description) {
        Validation.of().required("name", name).maxLength("name", name, 128).key("key", key)
                .maxLength("description", description, 512).check();
    }

    static void validateStatements(List<PolicyStatement> statements) {
        Validation v = Validation.of().that(statements.size() <= MAX_STATEMENTS, ErrorCodes.invalid("statements"));
        for (PolicyStatement s : statements) {
            v.that(s != null, ErrorCodes.invalid("statements"));
            if (s == null) {
                continue;
            }
            v.that(!s.resourceType().isBlank() && s.resourceType().length() <= 64, ErrorCodes.invalid("resourceType"))
                    .that(PolicyStatement.ALLOW.equals(s.effect()) || PolicyStatement.DENY.equals(s.effect()), ErrorCodes.invalid("effect"))
                    .that(!s.actions().isEmpty() && s.actions().size() <= 100
                            && s.actions().stream().allMatch(a -> !a.isBlank() && a.length() <= 128), ErrorCodes.invalid("actions"))
                    .that(!s.resources().isEmpty() && s.resources().size() <= 100
                            && s.resources().stream().allMatch(r -> !r.isBlank() && r.length() <= 1024), ErrorCodes.invalid("resources"));
        }
        v.check();
    }
}
