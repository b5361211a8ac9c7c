package io.toggleworks.api.identity;

import io.toggleworks.api.iam.IamViews.PolicyVm;
import io.toggleworks.api.iam.MemberPolicyStore;
import io.toggleworks.api.iam.PolicyStore;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.JoinsOrganization;
import io.toggleworks.api.tenancy.Organization;
import io.toggleworks.api.tenancy.OrganizationStore;
import io.toggleworks.api.tenancy.TenancyViews.WorkspaceVm;
import io.toggleworks.api.tenancy.WorkspaceStore;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.Validation;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The signed-in user: profile, workspaces, policies in the current organization (api.md §4.5.5). */
@RestController
@RequestMapping("/api/v1/user")
public class UserController {
    private final UserStore users;
    private final WorkspaceStore workspaces;
    private final OrganizationStore organizations;
    private final PolicyStore policies;
    private final MemberPolicyStore memberPolicies;

    public UserController(UserStore users, WorkspaceStore workspaces, OrganizationStore organizations,
                          PolicyStore policies, MemberPolicyStore memberPolicies) {
        this.users = users;
        this.workspaces = workspaces;
        this.organizations = organizations;
        this.policies = policies;
        this.memberPolicies = memberPolicies;
    }

    public record Profile(UUID id, String email, String name, String origin) {
    }

    public record UpdateProfile(String name, String email) {
    }

    @GetMapping("/profile")
    public ApiResponse<Profile> profile(Caller caller) {
        User u = users.find(caller.userId()).orElseThrow(ApiException::unauthorized);
        return ApiResponse.ok(new Profile(u.id(), u.email(), u.name(), u.origin()));
    }

    @PutMapping("/profile")
    public ApiResponse<Profile> updateProfile(Caller caller, @RequestBody UpdateProfile body) {
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128).email("email", body.email()).check();
        User u = users.find(caller.userId()).orElseThrow(ApiException::unauthorized);
        String email = body.email().trim();
        if (users.emailUsedByOther(email, u.id())) {
            throw ApiException.rule("EmailHasBeenUsed");
        }
        users.updateProfile(u.id(), body.name().trim(), email);
        return ApiResponse.ok(new Profile(u.id(), email, body.name().trim(), u.origin()));
    }

    @GetMapping("/policies")
    public ApiResponse<List<PolicyVm>> policies(Caller caller) {
        if (Caller.NONE.equals(caller.organizationId())) {
            return ApiResponse.ok(List.of());
        }
        return ApiResponse.ok(policies.policiesOfMember(caller.organizationId(), caller.userId()).stream()
                .map(PolicyVm::of).toList());
    }

    /**
     * FeatBit's SSO first login: a workspace member without any organization joins the header one with its
     * default permissions. Refused once the user belongs to an organization of the workspace, so members cannot
     * let themselves into other organizations.
     */
    @JoinsOrganization
    @PostMapping("/join-organization")
    @Transactional
    public ApiResponse<Boolean> joinOrganization(Caller caller) {
        Organization org = organizations.find(caller.requireOrganization()).orElseThrow(ApiException::forbidden);
        if (organizations.isMember(org.id(), caller.userId())) {
            return ApiResponse.ok(true);
        }
        if (!organizations.ofUser(caller.userId(), Optional.of(org.workspaceId())).isEmpty()) {
            throw ApiException.forbidden();
        }
        organizations.addMember(org.id(), caller.userId(), null);
        org.defaultPermissions().policyIds().forEach(p -> memberPolicies.grant(org.id(), caller.userId(), p));
        org.defaultPermissions().groupIds().forEach(g -> memberPolicies.addToGroup(org.id(), g, caller.userId()));
        return ApiResponse.ok(true);
    }

    /** FeatBit returns the SSO client secret here to any member (api.md §11.2); we blank it. */
    @GetMapping("/workspaces")
    public ApiResponse<List<WorkspaceVm>> workspaces(Caller caller) {
        return ApiResponse.ok(workspaces.ofUser(caller.userId()).stream()
                .map(w -> new WorkspaceVm(w.id(), w.name(), w.key(), w.license(), withoutSecret(w.sso())))
                .toList());
    }

    private static JsonNode withoutSecret(JsonNode sso) {
        if (sso == null || !sso.isObject()) {
            return sso;
        }
        JsonNode copy = sso.deepCopy();
        if (copy.path("oidc") instanceof ObjectNode oidc && oidc.has("clientSecret")) {
            oidc.put("clientSecret", "");
        }
        return copy;
    }

}
