package io.toggleworks.api.tenancy;

import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.iam.ResourceNames;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.security.OpenApi;
import io.toggleworks.api.tenancy.TenancyViews.WorkspaceVm;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.Validation;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The workspace of the request (api.md §4.5.5); license and SSO settings only for those who may change them. */
@RestController
@RequestMapping("/api/v1/workspaces")
public class WorkspaceController {
    private final Guard guard;
    private final WorkspaceStore workspaces;
    private final tools.jackson.databind.json.JsonMapper json;

    public WorkspaceController(Guard guard, WorkspaceStore workspaces, tools.jackson.databind.json.JsonMapper json) {
        this.json = json;
        this.guard = guard;
        this.workspaces = workspaces;
    }

    public record UpdateWorkspace(String name, String key) {
    }

    public record Quota(int quota, long used) {
    }

    /** FeatBit's {@code OidcConfig} (api.md §3.2); every field is required. */
    public record OidcConfig(String clientId, String clientSecret, String tokenEndpoint, String clientAuthenticationMethod,
                             String authorizationEndpoint, String scope, String userEmailClaim) {
    }

    @OpenApi
    @GetMapping
    public ApiResponse<WorkspaceVm> get(Caller caller) {
        Workspace ws = workspaces.find(caller.requireWorkspace()).orElseThrow(ApiException::notFound);
        return ApiResponse.ok(view(caller, ws));
    }

    @OpenApi
    @PutMapping
    public ApiResponse<WorkspaceVm> update(Caller caller, @RequestBody UpdateWorkspace body) {
        guard.require(caller, Permission.UPDATE_WORKSPACE_GENERAL_SETTINGS, ResourceNames.WORKSPACE);
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128).key("key", body.key()).check();
        UUID id = caller.requireWorkspace();
        if (workspaces.keyUsed(body.key(), id)) {
            throw ApiException.rule(ErrorCodes.KEY_HAS_BEEN_USED);
        }
        workspaces.update(id, body.name().trim(), body.key());
        return ApiResponse.ok(view(caller, workspaces.find(id).orElseThrow(ApiException::notFound)));
    }

    @OpenApi
    @PutMapping("/sso-oidc")
    public ApiResponse<WorkspaceVm> updateSsoOidc(Caller caller, @RequestBody OidcConfig body) {
        guard.require(caller, Permission.UPDATE_WORKSPACE_SSO_SETTINGS, ResourceNames.WORKSPACE);
        Validation v = Validation.of();
        for (var field : new String[][] {{"clientId", body.clientId()}, {"clientSecret", body.clientSecret()},
                {"tokenEndpoint", body.tokenEndpoint()}, {"clientAuthenticationMethod", body.clientAuthenticationMethod()},
                {"authorizationEndpoint", body.authorizationEndpoint()}, {"scope", body.scope()},
                {"userEmailClaim", body.userEmailClaim()}}) {
            v.required(field[0], field[1]).maxLength(field[0], field[1], 2048);
        }
        v.that(isHttpUrl(body.tokenEndpoint()), ErrorCodes.invalid("tokenEndpoint"))
                .that(isHttpUrl(body.authorizationEndpoint()), ErrorCodes.invalid("authorizationEndpoint")).check();
        UUID id = caller.requireWorkspace();
        workspaces.updateSso(id, json.writeValueAsString(Map.of("oidc", body)));
        return ApiResponse.ok(view(caller, workspaces.find(id).orElseThrow(ApiException::notFound)));
    }

    private static boolean isHttpUrl(String s) {
        if (s == null) {
            return true; // reported as required
        }
        try {
            java.net.URI uri = java.net.URI.create(s);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @GetMapping("/is-key-used")
    public ApiResponse<Boolean> isKeyUsed(Caller caller, @RequestParam String key) {
        return ApiResponse.ok(workspaces.keyUsed(key, caller.requireWorkspace()));
    }

    /** Without a license FeatBit grants 9 auto agents (relay proxies); we report the same quota. */
    @GetMapping("/license-quota")
    public ApiResponse<Map<String, Quota>> licenseQuota(Caller caller) {
        long used = workspaces.autoAgentsUsed(caller.requireWorkspace());
        return ApiResponse.ok(Map.of("auto-agents", new Quota(9, used)));
    }

    private WorkspaceVm view(Caller caller, Workspace ws) {
        boolean seesLicense = !Caller.NONE.equals(caller.organizationId())
                && guard.isAllowed(caller, Permission.UPDATE_WORKSPACE_LICENSE, ResourceNames.WORKSPACE);
        boolean seesSso = !Caller.NONE.equals(caller.organizationId())
                && guard.isAllowed(caller, Permission.UPDATE_WORKSPACE_SSO_SETTINGS, ResourceNames.WORKSPACE);
        return new WorkspaceVm(ws.id(), ws.name(), ws.key(), seesLicense ? ws.license() : null, seesSso ? ws.sso() : null);
    }
}
