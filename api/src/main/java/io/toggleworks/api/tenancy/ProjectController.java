package io.toggleworks.api.tenancy;

import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.iam.ResourceNames;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.security.OpenApi;
import io.toggleworks.api.tenancy.TenancyViews.EnvironmentWithKeyVm;
import io.toggleworks.api.tenancy.TenancyViews.ProjectVm;
import io.toggleworks.api.tenancy.TenancyViews.ProjectWithEnvs;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.Validation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
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

/** Projects (api.md §4.5.4). Lists show only what the caller may access. */
@RestController
@RequestMapping("/api/v1/projects")
public class ProjectController {
    private final Guard guard;
    private final ProjectStore projects;
    private final EnvironmentStore environments;
    private final OrganizationStore organizations;
    private final TenancyService tenancy;
    private final io.toggleworks.api.db.NameLocks locks;

    public ProjectController(Guard guard, ProjectStore projects, EnvironmentStore environments,
                             OrganizationStore organizations, TenancyService tenancy, io.toggleworks.api.db.NameLocks locks) {
        this.locks = locks;
        this.guard = guard;
        this.projects = projects;
        this.environments = environments;
        this.organizations = organizations;
        this.tenancy = tenancy;
    }

    public record CreateProject(String name, String key) {
    }

    public record UpdateProject(String name) {
    }

    @OpenApi
    @GetMapping
    public ApiResponse<List<ProjectWithEnvs>> list(Caller caller) {
        UUID org = caller.requireOrganization();
        List<Project> visible = projects.ofOrganization(org).stream()
                .filter(p -> guard.isAllowed(caller, Permission.CAN_ACCESS_PROJECT, ResourceNames.project(p.key())))
                .toList();
        Map<UUID, List<Environment>> envs = environments.ofProjects(visible.stream().map(Project::id).toList())
                .stream().collect(Collectors.groupingBy(Environment::projectId));
        return ApiResponse.ok(visible.stream().map(p -> withEnvs(caller, p, envs.getOrDefault(p.id(), List.of()))).toList());
    }

    @OpenApi
    @GetMapping("/{id}")
    public ApiResponse<ProjectWithEnvs> get(Caller caller, @PathVariable UUID id) {
        ProjectScope scope = guard.project(caller, id, Permission.CAN_ACCESS_PROJECT);
        Project project = projects.find(scope.projectId()).orElseThrow(ApiException::notFound);
        return ApiResponse.ok(withEnvs(caller, project, environments.ofProject(project.id())));
    }

    @GetMapping("/is-key-used")
    public ApiResponse<Boolean> isKeyUsed(Caller caller, @RequestParam String key) {
        return ApiResponse.ok(projects.keyUsed(caller.requireOrganization(), key));
    }

    @OpenApi
    @PostMapping
    @Transactional
    public ApiResponse<ProjectWithEnvs> create(Caller caller, @RequestBody CreateProject body) {
        guard.require(caller, Permission.CREATE_PROJECT, ResourceNames.ALL_PROJECTS);
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128).key("key", body.key()).check();
        Organization org = organizations.find(caller.requireOrganization()).orElseThrow(ApiException::notFound);
        locks.lock("project", org.id(), body.key());
        if (projects.keyUsed(org.id(), body.key())) {
            throw ApiException.rule(ErrorCodes.KEY_HAS_BEEN_USED);
        }
        TenancyService.ProjectCreated created = tenancy.createProject(org, body.name().trim(), body.key(), List.of("Prod", "Dev"));
        return ApiResponse.ok(new ProjectWithEnvs(created.project().id(), created.project().name(), created.project().key(),
                created.environments().stream().map(EnvironmentWithKeyVm::of).toList()));
    }

    @OpenApi
    @PutMapping("/{id}")
    public ApiResponse<ProjectVm> update(Caller caller, @PathVariable UUID id, @RequestBody UpdateProject body) {
        ProjectScope scope = guard.project(caller, id, Permission.UPDATE_PROJECT_SETTINGS);
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128).check();
        projects.rename(scope.projectId(), body.name().trim());
        return ApiResponse.ok(new ProjectVm(scope.projectId(), body.name().trim()));
    }

    @OpenApi
    @DeleteMapping("/{id}")
    public ApiResponse<Boolean> delete(Caller caller, @PathVariable UUID id) {
        ProjectScope scope = guard.project(caller, id, Permission.DELETE_PROJECT);
        Organization org = organizations.find(scope.organizationId()).orElseThrow(ApiException::notFound);
        Project project = projects.find(scope.projectId()).orElseThrow(ApiException::notFound);
        tenancy.deleteProject(org, project);
        return ApiResponse.ok(true);
    }

    private ProjectWithEnvs withEnvs(Caller caller, Project p, List<Environment> envs) {
        return new ProjectWithEnvs(p.id(), p.name(), p.key(), envs.stream()
                .filter(e -> guard.isAllowed(caller, Permission.CAN_ACCESS_ENV, ResourceNames.env(p.key(), e.key())))
                .map(EnvironmentWithKeyVm::of).toList());
    }
}
