package io.toggleworks.api.security;

import io.toggleworks.api.iam.PolicyStatement;
import io.toggleworks.api.web.ApiException;
import java.util.List;
import java.util.UUID;

/**
 * Who makes the current request, resolved by {@link AuthenticationInterceptor}; a controller gets it by declaring
 * a {@code Caller caller} parameter. {@code id} is what FeatBit records as creator/updator: the user's id, or the
 * access token's id for token calls (api.md §3.0). {@code userId} is the user behind it (a token's creator).
 * Workspace and organization come from the {@code Workspace}/{@code Organization} headers after the membership
 * check, or from the token's organization; {@link #NONE} when absent.
 */
public record Caller(Kind kind, UUID id, UUID userId, UUID workspaceId, UUID organizationId,
                     List<PolicyStatement> tokenPermissions) {
    public static final UUID NONE = new UUID(0, 0);

    public enum Kind { USER, PERSONAL_TOKEN, SERVICE_TOKEN }

    public Caller {
        tokenPermissions = List.copyOf(tokenPermissions);
    }

    public boolean isAccessToken() {
        return kind != Kind.USER;
    }

    /** The organization of the request; 403 when the request named none. */
    public UUID requireOrganization() {
        if (NONE.equals(organizationId)) {
            throw ApiException.forbidden();
        }
        return organizationId;
    }

    /** The workspace of the request; 403 when the request named none. */
    public UUID requireWorkspace() {
        if (NONE.equals(workspaceId)) {
            throw ApiException.forbidden();
        }
        return workspaceId;
    }
}
