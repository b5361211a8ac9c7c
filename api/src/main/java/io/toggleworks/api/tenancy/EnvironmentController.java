package io.toggleworks.api.tenancy;

import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.security.OpenApi;
import io.toggleworks.api.tenancy.TenancyViews.EnvironmentVm;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.Validation;
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

/** Environments of a project (api.md §4.5.4). */
@RestController
@RequestMapping("/api/v1/projects/{projectId}/envs")
public class EnvironmentController {
    private final Guard guard;
    private final EnvironmentStore environments;
    private final ProjectStore projects;
    private final OrganizationStore organizations;
    private final TenancyService tenancy;
    private final io.toggleworks.api.db.NameLocks locks;

    public EnvironmentController(Guard guard, EnvironmentStore environments, ProjectStore projects,
                                 OrganizationStore organizations, TenancyService tenancy, io.toggleworks.api.db.NameLocks locks) {
        this.locks = locks;
        this.guard = guard;
        this.environments = environments;
        this.projects = projects;
        this.organizations = organizations;
        this.tenancy = tenancy;
    }

    public record SettingsBody(Boolean requireChangeComment) {
    }

    public record CreateEnvironment(String name, String key, String description, SettingsBody settings) {
    }

    public record UpdateEnvironment(String name, String description, SettingsBody settings) {
    }

    @OpenApi
    @GetMapping("/{id}")
    public ApiResponse<EnvironmentVm> get(Caller caller, @PathVariable UUID projectId, @PathVariable UUID id) {
        EnvScope scope = envOfProject(caller, projectId, id, Permission.CAN_ACCESS_ENV);
        return ApiResponse.ok(EnvironmentVm.of(environments.find(scope.envId()).orElseThrow(ApiException::notFound)));
    }

    @GetMapping("/is-key-used")
    public ApiResponse<Boolean> isKeyUsed(Caller caller, @PathVariable UUID projectId, @RequestParam String key) {
        ProjectScope project = guard.project(caller, projectId);
        return ApiResponse.ok(environments.keyUsed(project.projectId(), key));
    }

    @OpenApi
    @PostMapping
    @Transactional
    public ApiResponse<EnvironmentVm> create(Caller caller, @PathVariable UUID projectId, @RequestBody CreateEnvironment body) {
        ProjectScope scope = guard.project(caller, projectId, Permission.CREATE_ENV);
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128).key("key", body.key())
                .maxLength("description", body.description(), 512).check();
        locks.lock("env", scope.projectId(), body.key());
        if (environments.keyUsed(scope.projectId(), body.key())) {
            throw ApiException.rule(ErrorCodes.KEY_HAS_BEEN_USED);
        }
        Organization org = organizations.find(scope.organizationId()).orElseThrow(ApiException::notFound);
        Project project = projects.find(scope.projectId()).orElseThrow(ApiException::notFound);
        boolean requireComment = body.settings() != null && Boolean.TRUE.equals(body.settings().requireChangeComment());
        Environment env = tenancy.createEnvironment(org, project, body.name().trim(), body.key(),
                body.description() == null ? "" : body.description(), new Environment.Settings(requireComment));
        return ApiResponse.ok(EnvironmentVm.of(env));
    }

    @OpenApi
    @PutMapping("/{id}")
    public ApiResponse<EnvironmentVm> update(Caller caller, @PathVariable UUID projectId, @PathVariable UUID id,
                                             @RequestBody UpdateEnvironment body) {
        EnvScope scope = envOfProject(caller, projectId, id, Permission.UPDATE_ENV_SETTINGS);
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128)
                .maxLength("description", body.description(), 512).check();
        Environment current = environments.find(scope.envId()).orElseThrow(ApiException::notFound);
        Environment.Settings settings = body.settings() == null || body.settings().requireChangeComment() == null
                ? current.settings() : new Environment.Settings(body.settings().requireChangeComment());
        String description = body.description() == null ? current.description() : body.description();
        environments.update(scope.envId(), body.name().trim(), description, settings);
        return ApiResponse.ok(EnvironmentVm.of(environments.find(scope.envId()).orElseThrow(ApiException::notFound)));
    }

    @OpenApi
    @DeleteMapping("/{id}")
    public ApiResponse<Boolean> delete(Caller caller, @PathVariable UUID projectId, @PathVariable UUID id) {
        EnvScope scope = envOfProject(caller, projectId, id, Permission.DELETE_ENV);
        Organization org = organizations.find(scope.organizationId()).orElseThrow(ApiException::notFound);
        Project project = projects.find(scope.projectId()).orElseThrow(ApiException::notFound);
        Environment env = environments.find(scope.envId()).orElseThrow(ApiException::notFound);
        tenancy.deleteEnvironment(org, project, env);
        return ApiResponse.ok(true);
    }

    /** The environment, checked to be in the project of the route (FeatBit does not check that). */
    private EnvScope envOfProject(Caller caller, UUID projectId, UUID envId, Permission permission) {
        EnvScope scope = guard.env(caller, envId, permission);
        if (!scope.projectId().equals(projectId)) {
            throw ApiException.notFound();
        }
        return scope;
    }
}
