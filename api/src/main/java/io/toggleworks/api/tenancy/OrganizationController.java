package io.toggleworks.api.tenancy;

import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.iam.PolicyStore;
import io.toggleworks.api.iam.ResourceNames;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.tenancy.TenancyViews.OrganizationVm;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.Validation;
import java.util.List;
import java.util.Objects;
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

/**
 * Organizations (api.md §4.5.5). FeatBit checks nothing beyond authentication here; we check the portal's own
 * permissions ({@code CreateOrg}, {@code UpdateOrgName}, ...) and reserve deletion to holders of
 * {@code DeleteOrg} (only Owner, through its {@code *} statement).
 */
@RestController
@RequestMapping("/api/v1/organizations")
public class OrganizationController {
    static final String DELETE_ORG = "DeleteOrg";

    private final Guard guard;
    private final OrganizationStore organizations;
    private final TenancyService tenancy;
    private final ProjectStore projects;
    private final PolicyStore policies;
    private final io.toggleworks.api.db.NameLocks locks;
    /** True on MongoDB, where a command can be left half-done and its retry must finish it. */
    private final boolean txless;

    public OrganizationController(Guard guard, OrganizationStore organizations, TenancyService tenancy,
                                  ProjectStore projects, PolicyStore policies,
                                  io.toggleworks.api.db.NameLocks locks, org.springframework.core.env.Environment env) {
        this.locks = locks;
        this.txless = io.toggleworks.api.db.DbProvider.of(env) == io.toggleworks.api.db.DbProvider.MONGODB;
        this.guard = guard;
        this.organizations = organizations;
        this.tenancy = tenancy;
        this.projects = projects;
        this.policies = policies;
    }

    public record CreateOrganization(String name, String key) {
    }

    public record Onboarding(String organizationName, String organizationKey, String projectName, String projectKey,
                             List<String> environments) {
    }

    public record UpdateOrganization(String name, Organization.DefaultPermissions defaultPermissions,
                                     Organization.Settings settings) {
    }

    /**
     * The caller's organizations in the header workspace. FeatBit's SSO first login ({@code isSsoFirstLogin=true})
     * lists every organization of the workspace to a workspace member who belongs to none yet.
     */
    @GetMapping
    public ApiResponse<List<OrganizationVm>> list(Caller caller, @RequestParam(required = false) Boolean isSsoFirstLogin) {
        Optional<UUID> workspace = Caller.NONE.equals(caller.workspaceId()) ? Optional.empty() : Optional.of(caller.workspaceId());
        List<Organization> mine = organizations.ofUser(caller.userId(), workspace);
        if (mine.isEmpty() && Boolean.TRUE.equals(isSsoFirstLogin) && workspace.isPresent()) {
            mine = organizations.ofWorkspace(workspace.get());
        }
        return ApiResponse.ok(mine.stream().map(OrganizationVm::of).toList());
    }

    @GetMapping("/{id}")
    public ApiResponse<OrganizationVm> get(Caller caller, @PathVariable UUID id) {
        Organization org = organizations.find(id).filter(o -> organizations.isMember(o.id(), caller.userId()))
                .orElseThrow(ApiException::notFound);
        return ApiResponse.ok(OrganizationVm.of(org));
    }

    @GetMapping("/is-key-used")
    public ApiResponse<Boolean> isKeyUsed(Caller caller, @RequestParam String key) {
        return ApiResponse.ok(organizations.keyUsed(caller.requireWorkspace(), key, Caller.NONE));
    }

    @PostMapping
    @Transactional
    public ApiResponse<OrganizationVm> create(Caller caller, @RequestBody CreateOrganization body) {
        guard.require(caller, Permission.CREATE_ORG, ResourceNames.ORGANIZATION);
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128).key("key", body.key()).check();
        UUID workspace = caller.requireWorkspace();
        locks.lock("organization", workspace, body.key());
        if (organizations.keyUsed(workspace, body.key(), Caller.NONE)) {
            throw ApiException.rule(ErrorCodes.KEY_HAS_BEEN_USED);
        }
        return ApiResponse.ok(OrganizationVm.of(tenancy.createOrganization(workspace, body.name().trim(), body.key(),
                caller.userId())));
    }

    @PostMapping("/onboarding")
    @Transactional
    public ApiResponse<Boolean> onboarding(Caller caller, @RequestBody Onboarding body) {
        guard.require(caller, Permission.UPDATE_ORG_NAME, ResourceNames.ORGANIZATION);
        guard.require(caller, Permission.CREATE_PROJECT, ResourceNames.ALL_PROJECTS);
        Validation v = Validation.of()
                .required("organizationName", body.organizationName()).maxLength("organizationName", body.organizationName(), 128)
                .key("organizationKey", body.organizationKey())
                .required("projectName", body.projectName()).maxLength("projectName", body.projectName(), 128)
                .key("projectKey", body.projectKey())
                .required("environments", body.environments());
        if (body.environments() != null) {
            v.that(body.environments().size() <= 20 && body.environments().stream().allMatch(
                    n -> n != null && !n.isBlank() && n.length() <= 128
                            && Validation.KEY.matcher(n.trim().replace(' ', '-')).matches()), ErrorCodes.invalid("environments"));
            v.that(body.environments().stream().map(n -> n == null ? "" : n.trim().toLowerCase()).distinct().count()
                    == body.environments().size(), ErrorCodes.invalid("environments"));
        }
        v.check();
        Organization org = organizations.find(caller.requireOrganization()).orElseThrow(ApiException::notFound);
        if (organizations.keyUsed(org.workspaceId(), body.organizationKey(), org.id())) {
            throw ApiException.rule(ErrorCodes.KEY_HAS_BEEN_USED);
        }
        Organization initialized = new Organization(org.id(), org.workspaceId(), body.organizationName().trim(),
                body.organizationKey(), true, org.license(), org.defaultPermissions(), org.settings());
        // The project first, the organization marked initialized last. On MongoDB (no transaction) an onboarding that
        // failed after creating the project is finished by its retry: the organization is still not initialized, and
        // the project it created is taken as is.
        Optional<Project> existing = projects.findByKey(org.id(), body.projectKey());
        if (existing.isPresent() && (org.initialized() || !txless)) {
            throw ApiException.rule(ErrorCodes.KEY_HAS_BEEN_USED);
        }
        if (existing.isEmpty()) {
            tenancy.createProject(initialized, body.projectName().trim(), body.projectKey(),
                    body.environments().stream().map(String::trim).toList());
        }
        organizations.update(initialized);
        return ApiResponse.ok(true);
    }

    @PutMapping
    @Transactional
    public ApiResponse<OrganizationVm> update(Caller caller, @RequestBody UpdateOrganization body) {
        Organization org = organizations.find(caller.requireOrganization()).orElseThrow(ApiException::notFound);
        String name = body.name() == null ? org.name() : body.name().trim();
        Organization.DefaultPermissions dp = body.defaultPermissions() == null ? org.defaultPermissions() : body.defaultPermissions();
        Organization.Settings settings = body.settings() == null ? org.settings() : body.settings();
        Validation.of().required("name", name).maxLength("name", name, 128)
                .that(!(dp.policyIds().isEmpty() && dp.groupIds().isEmpty()), ErrorCodes.invalid("defaultPermissions"))
                .that(List.of("created_at", "key").contains(settings.flagSortedBy()), ErrorCodes.invalid("settings"))
                .check();
        if (!name.equals(org.name())) {
            guard.require(caller, Permission.UPDATE_ORG_NAME, ResourceNames.ORGANIZATION);
        }
        if (!dp.equals(org.defaultPermissions())) {
            guard.require(caller, Permission.UPDATE_ORG_DEFAULT_USER_PERMISSIONS, ResourceNames.ORGANIZATION);
            boolean policiesKnown = policies.findAll(org.id(), dp.policyIds()).size() == dp.policyIds().stream().distinct().count();
            boolean groupsKnown = dp.groupIds().isEmpty()
                    || organizations.groupsFound(org.id(), dp.groupIds()) == dp.groupIds().stream().distinct().count();
            Validation.of().that(policiesKnown && groupsKnown, ErrorCodes.invalid("defaultPermissions")).check();
        }
        if (!Objects.equals(settings, org.settings())) {
            guard.require(caller, Permission.UPDATE_ORG_SORT_FLAGS_BY, ResourceNames.ORGANIZATION);
        }
        Organization updated = new Organization(org.id(), org.workspaceId(), name, org.key(), org.initialized(),
                org.license(), dp, settings);
        organizations.update(updated);
        return ApiResponse.ok(OrganizationVm.of(updated));
    }

    @DeleteMapping
    public ApiResponse<Boolean> delete(Caller caller) {
        Organization org = organizations.find(caller.requireOrganization()).orElseThrow(ApiException::notFound);
        if (!io.toggleworks.api.iam.PermissionEvaluator.isAllowed(guard.statements(caller), ResourceNames.ORGANIZATION, DELETE_ORG)) {
            throw ApiException.forbidden();
        }
        tenancy.deleteOrganization(org);
        return ApiResponse.ok(true);
    }
}
