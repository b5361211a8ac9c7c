package io.toggleworks.api.iam;

import io.toggleworks.api.security.Caller;
import io.toggleworks.api.web.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Resource pickers of the policy editor (api.md §4.5.6), limited to the caller's organization. */
@RestController
public class ResourceController {
    private final ResourceStore store;

    public ResourceController(ResourceStore store) {
        this.store = store;
    }

    public record ResourceVm(String id, String name, String rn, String type) {
    }

    public record ResourceV2Vm(String id, String name, String pathName, String rn, String type) {
    }

    private static final UUID ALL_ID = new UUID(0, 0);

    @GetMapping("/api/v1/resources")
    public ApiResponse<List<ResourceVm>> v1(Caller caller, @RequestParam(required = false) String type,
                                            @RequestParam(required = false) String name) {
        UUID org = caller.requireOrganization();
        String t = type == null ? "" : type;
        List<ResourceVm> result = new ArrayList<>();
        switch (t) {
            case "project" -> {
                result.add(new ResourceVm(ALL_ID.toString(), "All projects", "project/*", "project"));
                store.projects(org, name).forEach(p ->
                        result.add(new ResourceVm(p.id().toString(), p.name(), ResourceNames.project(p.key()), "project")));
            }
            case "env" -> {
                result.add(new ResourceVm(ALL_ID.toString(), "All environments", "project/*:env/*", "env"));
                store.envs(org, name).forEach(e -> result.add(new ResourceVm(e.id().toString(), e.projectName() + "/" + e.name(),
                        ResourceNames.env(e.projectKey(), e.key()), "env")));
            }
            case "flag" -> result.add(new ResourceVm(ALL_ID.toString(), "All flags", "project/*:env/*:flag/*", "flag"));
            case "segment" -> result.add(new ResourceVm(ALL_ID.toString(), "All segments", "project/*:env/*:segment/*", "segment"));
            case "workspace" -> result.add(new ResourceVm(ALL_ID.toString(), "Workspace", "workspace/*", "workspace"));
            case "iam" -> result.add(new ResourceVm(ALL_ID.toString(), "IAM", "iam/*", "iam"));
            case "access-token" -> result.add(new ResourceVm(ALL_ID.toString(), "All access tokens", "access-token/*", "access-token"));
            case "relay-proxy" -> result.add(new ResourceVm(ALL_ID.toString(), "All relay proxies", "relay-proxy/*", "relay-proxy"));
            case "organization" -> result.add(new ResourceVm(ALL_ID.toString(), "Organization", "organization/*", "organization"));
            default -> result.add(new ResourceVm(ALL_ID.toString(), "All", "*", "all"));
        }
        return ApiResponse.ok(result);
    }

    @GetMapping("/api/v2/resources")
    public ApiResponse<List<ResourceV2Vm>> v2(Caller caller, @RequestParam(required = false) String spaceLevel,
                                              @RequestParam(required = false) String name,
                                              @RequestParam(required = false) List<String> types) {
        UUID org = caller.requireOrganization();
        List<String> wanted = types == null || types.isEmpty() ? List.of("organization", "project", "env") : types;
        String q = name == null || name.isBlank() ? null : name.toLowerCase();
        List<ResourceV2Vm> result = new ArrayList<>();
        if (q == null) {
            result.add(new ResourceV2Vm(ALL_ID.toString(), "All", "All", "*", "all"));
        }
        List<UUID> orgs = "workspace".equals(spaceLevel) ? store.organizationsOfUserInWorkspaceOf(org, caller.userId()) : List.of(org);
        for (UUID o : orgs) {
            ResourceStore.OrganizationRef organization = store.organization(o).orElse(null);
            if (organization == null) {
                continue;
            }
            String orgRn = "organization/" + organization.key();
            String orgName = organization.name();
            if (wanted.contains("organization") && (q == null || orgName.toLowerCase().contains(q))) {
                result.add(new ResourceV2Vm(organization.id().toString(), orgName, orgName, orgRn, "organization"));
            }
            for (ResourceStore.ProjectRef p : store.projects(o, null)) {
                String pRn = orgRn + ":project/" + p.key();
                String pPath = orgName + "/" + p.name();
                if (wanted.contains("project") && (q == null || pPath.toLowerCase().contains(q))) {
                    result.add(new ResourceV2Vm(p.id().toString(), p.name(), pPath, pRn, "project"));
                }
                if (wanted.contains("env")) {
                    for (ResourceStore.EnvRef e : store.envsOfProject(p.id())) {
                        String ePath = pPath + "/" + e.name();
                        if (q == null || ePath.toLowerCase().contains(q)) {
                            result.add(new ResourceV2Vm(e.id().toString(), e.name(), ePath, pRn + ":env/" + e.key(), "env"));
                        }
                    }
                }
            }
        }
        return ApiResponse.ok(result);
    }
}
