package io.toggleworks.api.security;

import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.iam.PermissionEvaluator;
import io.toggleworks.api.iam.PolicyStatement;
import io.toggleworks.api.iam.PolicyStore;
import io.toggleworks.api.iam.ResourceNames;
import io.toggleworks.api.tenancy.EnvScope;
import io.toggleworks.api.tenancy.ProjectScope;
import io.toggleworks.api.tenancy.ScopeLookup;
import io.toggleworks.api.web.ApiException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The one-line authorization checks controllers use (api.md §4.3):
 * <pre>
 *   EnvScope env = guard.env(caller, envId, Permission.CREATE_FLAG);   // env in caller's org, else 404; then 403 check
 *   guard.require(caller, Permission.UPDATE_FLAG_NAME, env.flagRn(key, tags));
 *   guard.iam(caller);                                                 // CanManageIAM on iam/*
 * </pre>
 * Resources of another organization answer 404, as if they did not exist, so ids do not leak across tenants.
 */
@Component
public class Guard {
    private final PolicyStore policies;
    private final ScopeLookup scopes;

    public Guard(PolicyStore policies, ScopeLookup scopes) {
        this.policies = policies;
        this.scopes = scopes;
    }

    /**
     * The statements the caller acts with in its organization: member policies, or a service token's own.
     * Remembered for the rest of the request, since list endpoints check many resources.
     */
    public List<PolicyStatement> statements(Caller caller) {
        if (caller.kind() == Caller.Kind.SERVICE_TOKEN) {
            return caller.tokenPermissions();
        }
        if (Caller.NONE.equals(caller.organizationId())) {
            return List.of();
        }
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        String key = Guard.class.getName() + ":" + caller.organizationId() + ":" + caller.userId();
        if (request != null && request.getAttribute(key, RequestAttributes.SCOPE_REQUEST) instanceof List<?> cached) {
            @SuppressWarnings("unchecked")
            List<PolicyStatement> statements = (List<PolicyStatement>) cached;
            return statements;
        }
        List<PolicyStatement> statements = List.copyOf(policies.statementsOfMember(caller.organizationId(), caller.userId()));
        if (request != null) {
            request.setAttribute(key, statements, RequestAttributes.SCOPE_REQUEST);
        }
        return statements;
    }

    public boolean isAllowed(Caller caller, Permission permission, String rn) {
        return PermissionEvaluator.isAllowed(statements(caller), rn, permission.action());
    }

    /** 403 unless the caller may perform {@code permission} on the resource named {@code rn}. */
    public void require(Caller caller, Permission permission, String rn) {
        caller.requireOrganization();
        if (!isAllowed(caller, permission, rn)) {
            throw ApiException.forbidden();
        }
    }

    /** {@code CanManageIAM} on {@code iam/*}: every members, groups and policies endpoint. */
    public void iam(Caller caller) {
        require(caller, Permission.CAN_MANAGE_IAM, ResourceNames.IAM);
    }

    /** An environment of the caller's organization (404 otherwise), without a permission check. */
    public EnvScope env(Caller caller, UUID envId) {
        UUID org = caller.requireOrganization();
        return scopes.env(envId).filter(e -> e.organizationId().equals(org)).orElseThrow(ApiException::notFound);
    }

    /**
     * An environment of the caller's organization, after checking {@code permission} on the RN FeatBit builds for
     * it: the environment's own for env permissions, {@code {env}:flag/*} for flag ones, {@code {env}:segment/*}
     * for segment ones, the project's for project ones. Check a specific flag or segment with {@link #require}.
     */
    public EnvScope env(Caller caller, UUID envId, Permission permission) {
        EnvScope env = env(caller, envId);
        String rn = switch (permission.resourceType()) {
            case "flag" -> ResourceNames.allFlags(env.rn());
            case "segment" -> ResourceNames.allSegments(env.rn());
            case "project" -> ResourceNames.project(env.projectKey());
            default -> env.rn();
        };
        require(caller, permission, rn);
        return env;
    }

    /** A project of the caller's organization (404 otherwise), without a permission check. */
    public ProjectScope project(Caller caller, UUID projectId) {
        UUID org = caller.requireOrganization();
        return scopes.project(projectId).filter(p -> p.organizationId().equals(org)).orElseThrow(ApiException::notFound);
    }

    /** A project of the caller's organization after checking {@code permission} on its RN. */
    public ProjectScope project(Caller caller, UUID projectId, Permission permission) {
        ProjectScope project = project(caller, projectId);
        String rn = permission == Permission.CREATE_ENV ? project.rn() + ":env/*" : project.rn();
        require(caller, permission, rn);
        return project;
    }
}
