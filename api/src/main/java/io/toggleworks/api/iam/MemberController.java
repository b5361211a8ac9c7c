package io.toggleworks.api.iam;

import io.toggleworks.api.iam.IamViews.MemberGroupVm;
import io.toggleworks.api.iam.IamViews.MemberVm;
import io.toggleworks.api.iam.IamViews.PolicyVm;
import io.toggleworks.api.identity.PasswordHasher;
import io.toggleworks.api.identity.User;
import io.toggleworks.api.identity.UserStore;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.security.OpenApi;
import io.toggleworks.api.tenancy.Organization;
import io.toggleworks.api.tenancy.OrganizationStore;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.api.web.Validation;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Members of the organization (api.md §4.5.6); every {@code members} route requires {@code CanManageIAM}. */
@RestController
public class MemberController {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Guard guard;
    private final MemberStore members;
    private final GroupStore groups;
    private final PolicyStore policies;
    private final MemberPolicyStore links;
    private final UserStore users;
    private final OrganizationStore organizations;

    public MemberController(Guard guard, MemberStore members, GroupStore groups, PolicyStore policies,
                            MemberPolicyStore links, UserStore users, OrganizationStore organizations) {
        this.guard = guard;
        this.members = members;
        this.groups = groups;
        this.policies = policies;
        this.links = links;
        this.users = users;
        this.organizations = organizations;
    }

    public record AddMember(String email, List<UUID> policyIds, List<UUID> groupIds) {
    }

    public record DirectPolicyVm(UUID id, String name, String type, String description, boolean isMemberPolicy) {
    }

    public record InheritedPolicyVm(UUID id, String name, String type, String description, Instant createdAt, String groupName) {
    }

    @OpenApi
    @GetMapping("/api/v1/members/{memberId}")
    public ApiResponse<MemberVm> get(Caller caller, @PathVariable UUID memberId) {
        guard.iam(caller);
        return ApiResponse.ok(view(caller, find(caller, memberId)));
    }

    @OpenApi
    @GetMapping("/api/v1/members")
    public ApiResponse<PagedResult<MemberVm>> list(Caller caller, @RequestParam(required = false) String searchText,
                                                   @RequestParam(required = false) Integer pageIndex,
                                                   @RequestParam(required = false) Integer pageSize) {
        guard.iam(caller);
        return ApiResponse.ok(page(caller, searchText, Paging.of(pageIndex, pageSize)));
    }

    /** FeatBit's portal lists members here for pickers (auth only); members of the caller's organization only. */
    @GetMapping("/api/v1/organizations/members")
    public ApiResponse<PagedResult<MemberVm>> organizationMembers(Caller caller,
                                                                  @RequestParam(required = false) String searchText,
                                                                  @RequestParam(required = false) Integer pageIndex,
                                                                  @RequestParam(required = false) Integer pageSize) {
        caller.requireOrganization();
        return ApiResponse.ok(page(caller, searchText, Paging.of(pageIndex, pageSize)));
    }

    @OpenApi
    @PostMapping("/api/v1/members/add")
    @Transactional
    public ApiResponse<Boolean> add(Caller caller, @RequestBody AddMember body) {
        guard.iam(caller);
        List<UUID> policyIds = body.policyIds() == null ? List.of() : body.policyIds().stream().distinct().toList();
        List<UUID> groupIds = body.groupIds() == null ? List.of() : body.groupIds().stream().distinct().toList();
        Validation.of().email("email", body.email())
                .that(policyIds.size() <= 100 && policyIds.stream().noneMatch(java.util.Objects::isNull), ErrorCodes.invalid("policyIds"))
                .that(groupIds.size() <= 100 && groupIds.stream().noneMatch(java.util.Objects::isNull), ErrorCodes.invalid("groupIds")).check();
        Organization org = organizations.find(caller.requireOrganization()).orElseThrow(ApiException::notFound);
        if (policyIds.isEmpty() && groupIds.isEmpty()) {
            policyIds = org.defaultPermissions().policyIds();
            groupIds = org.defaultPermissions().groupIds();
        }
        // Unknown ids (or ids of another organization) are refused before anything is written.
        if (policies.findAll(org.id(), policyIds).size() != policyIds.size()) {
            throw ApiException.badRequest(ErrorCodes.invalid("policyIds"));
        }
        for (UUID g : groupIds) {
            groups.find(org.id(), g).orElseThrow(() -> ApiException.badRequest(ErrorCodes.invalid("groupIds")));
        }
        String email = body.email().trim().toLowerCase(Locale.ROOT);
        User user = users.findByEmail(email).orElseGet(() -> register(email));
        users.addToWorkspace(org.workspaceId(), user.id());
        organizations.addMember(org.id(), user.id(), caller.userId());
        for (UUID p : policyIds) {
            links.grant(org.id(), user.id(), p);
        }
        for (UUID g : groupIds) {
            links.addToGroup(org.id(), g, user.id());
        }
        return ApiResponse.ok(true);
    }

    @OpenApi
    @DeleteMapping("/api/v1/members/remove-from-org/{memberId}")
    @Transactional
    public ApiResponse<Boolean> removeFromOrganization(Caller caller, @PathVariable UUID memberId) {
        guard.iam(caller);
        find(caller, memberId);
        Organization org = organizations.find(caller.requireOrganization()).orElseThrow(ApiException::notFound);
        members.removeFromOrganization(org.id(), memberId);
        if (members.organizationsInWorkspace(org.workspaceId(), memberId) == 0) {
            members.removeFromWorkspace(org.workspaceId(), memberId);
        }
        return ApiResponse.ok(true);
    }

    @OpenApi
    @DeleteMapping("/api/v1/members/remove-from-workspace/{memberId}")
    @Transactional
    public ApiResponse<Boolean> removeFromWorkspace(Caller caller, @PathVariable UUID memberId) {
        guard.iam(caller);
        find(caller, memberId);
        Organization org = organizations.find(caller.requireOrganization()).orElseThrow(ApiException::notFound);
        for (UUID o : members.organizationIdsInWorkspace(org.workspaceId(), memberId)) {
            members.removeFromOrganization(o, memberId);
        }
        members.removeFromWorkspace(org.workspaceId(), memberId);
        return ApiResponse.ok(true);
    }

    @OpenApi
    @GetMapping("/api/v1/members/{memberId}/groups")
    public ApiResponse<PagedResult<MemberGroupVm>> groupsOf(Caller caller, @PathVariable UUID memberId,
                                                            @RequestParam(required = false) String name,
                                                            @RequestParam(required = false) Boolean getAllGroups,
                                                            @RequestParam(required = false) Integer pageIndex,
                                                            @RequestParam(required = false) Integer pageSize) {
        guard.iam(caller);
        Paging paging = Paging.of(pageIndex, pageSize);
        find(caller, memberId);
        UUID org = caller.requireOrganization();
        return ApiResponse.ok(LinkedPage.of(groups.list(org, name), g -> g.id(), groups.groupIdsOf(org, memberId), getAllGroups,
                (g, linked) -> new MemberGroupVm(g.id(), g.name(), g.description(), memberId, linked), paging));
    }

    @OpenApi
    @GetMapping("/api/v1/members/{memberId}/policies")
    public ApiResponse<List<PolicyVm>> policiesOf(Caller caller, @PathVariable UUID memberId) {
        guard.iam(caller);
        find(caller, memberId);
        return ApiResponse.ok(policies.policiesOfMember(caller.requireOrganization(), memberId).stream().map(PolicyVm::of).toList());
    }

    @OpenApi
    @GetMapping("/api/v1/members/{memberId}/direct-policies")
    public ApiResponse<PagedResult<DirectPolicyVm>> directPolicies(Caller caller, @PathVariable UUID memberId,
                                                                   @RequestParam(required = false) String name,
                                                                   @RequestParam(required = false) Boolean getAllPolicies,
                                                                   @RequestParam(required = false) Integer pageIndex,
                                                                   @RequestParam(required = false) Integer pageSize) {
        guard.iam(caller);
        Paging paging = Paging.of(pageIndex, pageSize);
        find(caller, memberId);
        UUID org = caller.requireOrganization();
        return ApiResponse.ok(LinkedPage.of(policies.list(org, name), p -> p.id(), members.directPolicyIds(org, memberId),
                getAllPolicies, (p, linked) -> new DirectPolicyVm(p.id(), p.name(), p.type(), p.description(), linked), paging));
    }

    @OpenApi
    @GetMapping("/api/v1/members/{memberId}/inherited-policies")
    public ApiResponse<PagedResult<InheritedPolicyVm>> inheritedPolicies(Caller caller, @PathVariable UUID memberId,
                                                                         @RequestParam(required = false) String name,
                                                                         @RequestParam(required = false) Integer pageIndex,
                                                                         @RequestParam(required = false) Integer pageSize) {
        guard.iam(caller);
        Paging paging = Paging.of(pageIndex, pageSize);
        find(caller, memberId);
        UUID org = caller.requireOrganization();
        Map<UUID, Policy> visible = policies.list(org, name).stream().collect(Collectors.toMap(Policy::id, Function.identity()));
        List<InheritedPolicyVm> all = new ArrayList<>();
        for (UUID groupId : groups.groupIdsOf(org, memberId)) {
            Optional<Group> group = groups.find(org, groupId);
            for (UUID policyId : groups.policyIdsOf(groupId)) {
                Policy p = visible.get(policyId);
                if (p != null && group.isPresent()) {
                    all.add(new InheritedPolicyVm(p.id(), p.name(), p.type(), p.description(), p.createdAt(), group.get().name()));
                }
            }
        }
        return ApiResponse.ok(PagedResult.page(all, paging));
    }

    @OpenApi
    @PutMapping("/api/v1/members/{memberId}/add-policy/{policyId}")
    public ApiResponse<Boolean> addPolicy(Caller caller, @PathVariable UUID memberId, @PathVariable UUID policyId) {
        guard.iam(caller);
        find(caller, memberId);
        UUID org = caller.requireOrganization();
        policies.find(org, policyId).orElseThrow(ApiException::notFound);
        links.grant(org, memberId, policyId);
        return ApiResponse.ok(true);
    }

    @OpenApi
    @PutMapping("/api/v1/members/{memberId}/remove-policy/{policyId}")
    public ApiResponse<Boolean> removePolicy(Caller caller, @PathVariable UUID memberId, @PathVariable UUID policyId) {
        guard.iam(caller);
        find(caller, memberId);
        links.revoke(caller.requireOrganization(), memberId, policyId);
        return ApiResponse.ok(true);
    }

    private MemberStore.Member find(Caller caller, UUID memberId) {
        return members.find(caller.requireOrganization(), memberId).orElseThrow(ApiException::notFound);
    }

    private PagedResult<MemberVm> page(Caller caller, String searchText, Paging paging) {
        PagedResult<MemberStore.Member> page = members.list(caller.requireOrganization(), searchText, paging);
        return new PagedResult<>(page.totalCount(), page.items().stream().map(m -> view(caller, m)).toList());
    }

    /** The initial password is shown only to the member's invitor, as in FeatBit. */
    private MemberVm view(Caller caller, MemberStore.Member m) {
        UUID org = caller.requireOrganization();
        Set<UUID> mine = new HashSet<>(groups.groupIdsOf(org, m.id()));
        List<MemberGroupVm> memberGroups = groups.list(org, null).stream().filter(g -> mine.contains(g.id()))
                .map(g -> new MemberGroupVm(g.id(), g.name(), g.description(), m.id(), true)).toList();
        String initial = caller.userId().equals(m.invitorId()) ? m.initialPassword() : null;
        return new MemberVm(m.id(), m.email(), m.name(), m.invitorId(), initial, memberGroups);
    }

    private User register(String email) {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            password.append(PASSWORD_CHARS.charAt(RANDOM.nextInt(PASSWORD_CHARS.length())));
        }
        Instant now = Instant.now();
        User user = new User(UUID.randomUUID(), email.substring(0, email.indexOf('@')), email,
                PasswordHasher.hash(password.toString()), User.LOCAL, Optional.of(password.toString()), now, now);
        users.insert(user);
        return user;
    }
}
