package io.toggleworks.api.iam;

import io.toggleworks.api.iam.IamViews.GroupVm;
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

/** Groups (api.md §4.5.6); every route requires {@code CanManageIAM}. */
@RestController
@RequestMapping("/api/v1/groups")
public class GroupController {
    private final Guard guard;
    private final GroupStore groups;
    private final MemberStore members;
    private final MemberPolicyStore links;
    private final PolicyStore policies;
    private final io.toggleworks.api.db.NameLocks locks;

    public GroupController(Guard guard, GroupStore groups, MemberStore members, MemberPolicyStore links, PolicyStore policies,
                           io.toggleworks.api.db.NameLocks locks) {
        this.locks = locks;
        this.guard = guard;
        this.groups = groups;
        this.members = members;
        this.links = links;
        this.policies = policies;
    }

    public record GroupBody(String name, String description) {
    }

    public record GroupMemberVm(UUID id, String name, String email, boolean isGroupMember) {
    }

    public record GroupPolicyVm(UUID id, String name, String type, String description, boolean isGroupPolicy) {
    }

    @OpenApi
    @GetMapping("/{id}")
    public ApiResponse<GroupVm> get(Caller caller, @PathVariable UUID id) {
        guard.iam(caller);
        return ApiResponse.ok(view(find(caller, id)));
    }

    @OpenApi
    @GetMapping
    public ApiResponse<PagedResult<GroupVm>> list(Caller caller, @RequestParam(required = false) String name,
                                                  @RequestParam(required = false) Integer pageIndex,
                                                  @RequestParam(required = false) Integer pageSize) {
        guard.iam(caller);
        Paging paging = Paging.of(pageIndex, pageSize);
        return ApiResponse.ok(PagedResult.page(groups.list(caller.requireOrganization(), name).stream().map(GroupController::view).toList(), paging));
    }

    @GetMapping("/is-name-used")
    public ApiResponse<Boolean> isNameUsed(Caller caller, @RequestParam String name) {
        guard.iam(caller);
        return ApiResponse.ok(groups.nameUsed(caller.requireOrganization(), name, Caller.NONE));
    }

    @OpenApi
    @PostMapping
    @Transactional
    public ApiResponse<GroupVm> create(Caller caller, @RequestBody GroupBody body) {
        guard.iam(caller);
        validate(body);
        UUID org = caller.requireOrganization();
        locks.lock("group", org, body.name().trim());
        if (groups.nameUsed(org, body.name().trim(), Caller.NONE)) {
            throw ApiException.rule(ErrorCodes.NAME_HAS_BEEN_USED);
        }
        Instant now = Instant.now();
        Group g = new Group(UUID.randomUUID(), org, body.name().trim(), body.description() == null ? "" : body.description(), now, now);
        groups.insert(g);
        return ApiResponse.ok(view(g));
    }

    @OpenApi
    @PutMapping("/{id}")
    public ApiResponse<GroupVm> update(Caller caller, @PathVariable UUID id, @RequestBody GroupBody body) {
        guard.iam(caller);
        Group g = find(caller, id);
        validate(body);
        if (groups.nameUsed(g.organizationId(), body.name().trim(), g.id())) {
            throw ApiException.rule(ErrorCodes.NAME_HAS_BEEN_USED);
        }
        groups.update(id, body.name().trim(), body.description() == null ? "" : body.description());
        return ApiResponse.ok(view(find(caller, id)));
    }

    @OpenApi
    @DeleteMapping("/{id}")
    @Transactional
    public ApiResponse<Boolean> delete(Caller caller, @PathVariable UUID id) {
        guard.iam(caller);
        groups.delete(find(caller, id).id());
        return ApiResponse.ok(true);
    }

    @OpenApi
    @GetMapping("/{groupId}/members")
    public ApiResponse<PagedResult<GroupMemberVm>> membersOf(Caller caller, @PathVariable UUID groupId,
                                                             @RequestParam(required = false) String searchText,
                                                             @RequestParam(required = false) Boolean getAllMembers,
                                                             @RequestParam(required = false) Integer pageIndex,
                                                             @RequestParam(required = false) Integer pageSize) {
        guard.iam(caller);
        Paging paging = Paging.of(pageIndex, pageSize);
        Group g = find(caller, groupId);
        return ApiResponse.ok(LinkedPage.of(members.all(g.organizationId(), searchText), m -> m.id(), groups.memberIdsOf(g.id()),
                getAllMembers, (m, linked) -> new GroupMemberVm(m.id(), m.name(), m.email(), linked), paging));
    }

    @OpenApi
    @PutMapping("/{groupId}/add-member/{memberId}")
    public ApiResponse<Boolean> addMember(Caller caller, @PathVariable UUID groupId, @PathVariable UUID memberId) {
        guard.iam(caller);
        Group g = find(caller, groupId);
        members.find(g.organizationId(), memberId).orElseThrow(ApiException::notFound);
        links.addToGroup(g.organizationId(), g.id(), memberId);
        return ApiResponse.ok(true);
    }

    @OpenApi
    @PutMapping("/{groupId}/remove-member/{memberId}")
    public ApiResponse<Boolean> removeMember(Caller caller, @PathVariable UUID groupId, @PathVariable UUID memberId) {
        guard.iam(caller);
        Group g = find(caller, groupId);
        links.removeFromGroup(g.organizationId(), g.id(), memberId);
        return ApiResponse.ok(true);
    }

    @OpenApi
    @GetMapping("/{groupId}/policies")
    public ApiResponse<PagedResult<GroupPolicyVm>> policiesOf(Caller caller, @PathVariable UUID groupId,
                                                              @RequestParam(required = false) String name,
                                                              @RequestParam(required = false) Boolean getAllPolicies,
                                                              @RequestParam(required = false) Integer pageIndex,
                                                              @RequestParam(required = false) Integer pageSize) {
        guard.iam(caller);
        Paging paging = Paging.of(pageIndex, pageSize);
        Group g = find(caller, groupId);
        return ApiResponse.ok(LinkedPage.of(policies.list(g.organizationId(), name), p -> p.id(), groups.policyIdsOf(g.id()),
                getAllPolicies, (p, linked) -> new GroupPolicyVm(p.id(), p.name(), p.type(), p.description(), linked), paging));
    }

    @OpenApi
    @PutMapping("/{groupId}/add-policy/{policyId}")
    public ApiResponse<Boolean> addPolicy(Caller caller, @PathVariable UUID groupId, @PathVariable UUID policyId) {
        guard.iam(caller);
        Group g = find(caller, groupId);
        policies.find(g.organizationId(), policyId).orElseThrow(ApiException::notFound);
        groups.addPolicy(g.id(), policyId);
        return ApiResponse.ok(true);
    }

    @OpenApi
    @PutMapping("/{groupId}/remove-policy/{policyId}")
    public ApiResponse<Boolean> removePolicy(Caller caller, @PathVariable UUID groupId, @PathVariable UUID policyId) {
        guard.iam(caller);
        Group g = find(caller, groupId);
        groups.removePolicy(g.id(), policyId);
        return ApiResponse.ok(true);
    }

    private Group find(Caller caller, UUID id) {
        return groups.find(caller.requireOrganization(), id).orElseThrow(ApiException::notFound);
    }

    private static void validate(GroupBody body) {
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128)
                .maxLength("description", body.description(), 512).check();
    }

    private static GroupVm view(Group g) {
        return new GroupVm(g.id(), g.name(), g.description(), g.updatedAt());
    }
}
