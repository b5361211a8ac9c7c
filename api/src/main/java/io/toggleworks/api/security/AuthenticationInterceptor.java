package io.toggleworks.api.security;

import io.toggleworks.api.accesstokens.AccessToken;
import io.toggleworks.api.accesstokens.AccessTokenStore;
import io.toggleworks.api.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authenticates every handler call unless it is {@link Anonymous}: {@code Authorization: Bearer <jwt>} for portal
 * users, any other {@code Authorization} value as an access token (api.md §4.2). For users it then checks that
 * they belong to the {@code Workspace} and {@code Organization} named in the headers (403 otherwise), closing
 * FeatBit's tenant-header gap. The resulting {@link Caller} is a request attribute, handed to controllers by
 * {@link CallerArgumentResolver}.
 */
@Component
public class AuthenticationInterceptor implements HandlerInterceptor {
    static final String CALLER_ATTRIBUTE = Caller.class.getName();
    public static final String ORGANIZATION_HEADER = "Organization";
    public static final String WORKSPACE_HEADER = "Workspace";

    private final JwtService jwt;
    private final TenantMembership membership;
    private final AccessTokenStore accessTokens;

    public AuthenticationInterceptor(JwtService jwt, TenantMembership membership, AccessTokenStore accessTokens) {
        this.jwt = jwt;
        this.membership = membership;
        this.accessTokens = accessTokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || annotated(method, Anonymous.class)
                || method.getBeanType().getName().startsWith("org.springdoc.")) {
            return true; // the OpenAPI document is public, as FeatBit's swagger.json
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized();
        }
        Caller caller = authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? userCaller(authorization.substring(7).trim(), request, method.hasMethodAnnotation(JoinsOrganization.class))
                : tokenCaller(authorization.trim(), method);
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        return true;
    }

    private Caller userCaller(String token, HttpServletRequest request, boolean joining) {
        UUID userId = jwt.verify(token).filter(membership::userExists).orElseThrow(ApiException::unauthorized);
        UUID workspace = header(request, WORKSPACE_HEADER);
        UUID organization = header(request, ORGANIZATION_HEADER);
        if (!Caller.NONE.equals(workspace) && !membership.inWorkspace(userId, workspace)) {
            throw ApiException.forbidden();
        }
        if (!Caller.NONE.equals(organization)) {
            UUID orgWorkspace = membership.workspaceOf(organization).orElseThrow(ApiException::forbidden);
            boolean sameWorkspace = Caller.NONE.equals(workspace) || orgWorkspace.equals(workspace);
            boolean member = joining ? membership.inWorkspace(userId, orgWorkspace) : membership.inOrganization(userId, organization);
            if (!sameWorkspace || !member) {
                throw ApiException.forbidden();
            }
            workspace = orgWorkspace;
        }
        return new Caller(Caller.Kind.USER, userId, userId, workspace, organization, List.of());
    }

    private Caller tokenCaller(String raw, HandlerMethod method) {
        AccessToken token = accessTokens.findByRawToken(raw).filter(AccessToken::isActive)
                .orElseThrow(ApiException::unauthorized);
        if (!annotated(method, OpenApi.class)) {
            throw ApiException.forbidden();
        }
        accessTokens.touch(token.id());
        UUID workspace = membership.workspaceOf(token.organizationId()).orElseThrow(ApiException::unauthorized);
        if (token.isService()) {
            return new Caller(Caller.Kind.SERVICE_TOKEN, token.id(), token.creatorId(), workspace,
                    token.organizationId(), token.permissions());
        }
        // A personal token acts as its creator, and only while the creator is still a member.
        if (!membership.inOrganization(token.creatorId(), token.organizationId())) {
            throw ApiException.unauthorized();
        }
        return new Caller(Caller.Kind.PERSONAL_TOKEN, token.id(), token.creatorId(), workspace,
                token.organizationId(), List.of());
    }

    /** Missing or malformed tenancy headers mean "none", as FeatBit parses them to the empty GUID. */
    private static UUID header(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            return Caller.NONE;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            return Caller.NONE;
        }
    }

    private static boolean annotated(HandlerMethod method, Class<? extends java.lang.annotation.Annotation> type) {
        return method.hasMethodAnnotation(type)
                || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), type);
    }

    static Optional<Caller> current(HttpServletRequest request) {
        return Optional.ofNullable((Caller) request.getAttribute(CALLER_ATTRIBUTE));
    }
}
