package io.toggleworks.api.accesstokens;

import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.iam.PermissionEvaluator;
import io.toggleworks.api.iam.PolicyStatement;
import io.toggleworks.api.iam.ResourceNames;
import io.toggleworks.api.identity.User;
import io.toggleworks.api.identity.UserStore;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.api.web.Validation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 * Access tokens (api.md §4.5.7). FeatBit checks only authentication here; we enforce the portal's permissions
 * ({@code ListAccessTokens}, {@code Manage...AccessTokens}), let only the creator manage a personal token, and
 * refuse service tokens granting more than their creator holds. The plain token is returned once, at creation.
 */
@RestController
@RequestMapping("/api/v1/access-tokens")
public class AccessTokenController {
    private final Guard guard;
    private final AccessTokenStore tokens;
    private final UserStore users;
    private final io.toggleworks.api.db.NameLocks locks;

    public AccessTokenController(Guard guard, AccessTokenStore tokens, UserStore users, io.toggleworks.api.db.NameLocks locks) {
        this.locks = locks;
        this.guard = guard;
        this.tokens = tokens;
        this.users = users;
    }

    public record CreateToken(String name, String type, List<PolicyStatement> permissions) {
    }

    public record UpdateToken(String name, List<PolicyStatement> permissions) {
    }

    public record Creator(UUID id, String name, String email) {
    }

    public record AccessTokenVm(UUID id, String name, String type, String status, String token,
                                List<PolicyStatement> permissions, Instant lastUsedAt, Creator creator) {
    }

    /** The created token, the only response that carries its plain value. */
    public record CreatedToken(UUID id, UUID organizationId, String name, String type, String status, String token,
                               UUID creatorId, List<PolicyStatement> permissions, Instant lastUsedAt, Instant createdAt,
                               Instant updatedAt) {
    }

    @GetMapping
    public ApiResponse<PagedResult<AccessTokenVm>> list(Caller caller, @RequestParam(required = false) String name,
                                                        @RequestParam(required = false) UUID creatorId,
                                                        @RequestParam(required = false) String type,
                                                        @RequestParam(required = false) Integer pageIndex,
                                                        @RequestParam(required = false) Integer pageSize) {
        guard.require(caller, Permission.LIST_ACCESS_TOKENS, ResourceNames.ACCESS_TOKENS);
        Paging paging = Paging.of(pageIndex, pageSize);
        PagedResult<AccessToken> page = tokens.list(caller.requireOrganization(), name, creatorId, type, paging);
        return ApiResponse.ok(new PagedResult<>(page.totalCount(), page.items().stream().map(this::view).toList()));
    }

    @GetMapping("/is-name-used")
    public ApiResponse<Boolean> isNameUsed(Caller caller, @RequestParam String name) {
        return ApiResponse.ok(tokens.nameUsed(caller.requireOrganization(), name));
    }

    @PostMapping
    @org.springframework.transaction.annotation.Transactional
    public ApiResponse<CreatedToken> create(Caller caller, @RequestBody CreateToken body) {
        boolean typeOk = AccessToken.PERSONAL.equals(body.type()) || AccessToken.SERVICE.equals(body.type());
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128).required("type", body.type())
                .that(body.type() == null || typeOk, ErrorCodes.invalid("type")).check();
        boolean service = AccessToken.SERVICE.equals(body.type());
        List<PolicyStatement> permissions = service && body.permissions() != null ? body.permissions() : List.of();
        validateStatements(permissions);
        guard.require(caller, manage(service), ResourceNames.ACCESS_TOKENS);
        if (service && escalates(guard.statements(caller), permissions)) {
            throw ApiException.forbidden();
        }
        UUID org = caller.requireOrganization();
        locks.lock("access-token", org, body.name().trim());
        if (tokens.nameUsed(org, body.name().trim())) {
            throw ApiException.rule(ErrorCodes.NAME_HAS_BEEN_USED);
        }
        String raw = TokenHashing.newToken();
        Instant now = Instant.now();
        AccessToken token = new AccessToken(UUID.randomUUID(), org, body.name().trim(), body.type(), AccessToken.ACTIVE,
                TokenHashing.prefix(raw), caller.userId(), permissions, Optional.empty(), now, now);
        tokens.insert(token, raw);
        return ApiResponse.ok(new CreatedToken(token.id(), org, token.name(), token.type(), token.status(), raw,
                token.creatorId(), permissions, null, now, now));
    }

    @PutMapping("/{id}/toggle")
    public ApiResponse<Boolean> toggle(Caller caller, @PathVariable UUID id) {
        AccessToken token = manageable(caller, id);
        String status = token.isActive() ? AccessToken.INACTIVE : AccessToken.ACTIVE;
        tokens.update(token.id(), token.name(), token.permissions(), status);
        return ApiResponse.ok(true);
    }

    @PutMapping("/{id}")
    public ApiResponse<AccessTokenVm> update(Caller caller, @PathVariable UUID id, @RequestBody UpdateToken body) {
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128).check();
        AccessToken token = manageable(caller, id);
        // FeatBit ignores permissions for personal tokens: they act with their creator's permissions.
        List<PolicyStatement> permissions = token.isService() && body.permissions() != null ? body.permissions() : token.permissions();
        validateStatements(permissions);
        if (token.isService() && escalates(guard.statements(caller), permissions)) {
            throw ApiException.forbidden();
        }
        String name = body.name().trim();
        if (!name.equalsIgnoreCase(token.name()) && tokens.nameUsed(token.organizationId(), name)) {
            throw ApiException.rule(ErrorCodes.NAME_HAS_BEEN_USED);
        }
        tokens.update(token.id(), name, permissions, token.status());
        return ApiResponse.ok(view(tokens.find(token.organizationId(), id).orElseThrow(ApiException::notFound)));
    }

    @DeleteMapping("/{id}")
    public ApiResponse<Boolean> delete(Caller caller, @PathVariable UUID id) {
        tokens.delete(manageable(caller, id).id());
        return ApiResponse.ok(true);
    }

    private AccessToken manageable(Caller caller, UUID id) {
        AccessToken token = tokens.find(caller.requireOrganization(), id).orElseThrow(ApiException::notFound);
        guard.require(caller, manage(token.isService()), ResourceNames.ACCESS_TOKENS);
        if (!token.isService() && !token.creatorId().equals(caller.userId())) {
            throw ApiException.forbidden();
        }
        return token;
    }

    private static Permission manage(boolean service) {
        return service ? Permission.MANAGE_SERVICE_ACCESS_TOKENS : Permission.MANAGE_PERSONAL_ACCESS_TOKENS;
    }

    /**
     * True when an allow statement grants something its creator does not hold: every (action, resource pattern)
     * pair must be allowed to the creator, the pattern read as a resource name (so {@code project/*} needs the
     * creator to hold it on {@code project/*}); {@code resourceType "*"} needs the creator to hold one too.
     */
    static boolean escalates(List<PolicyStatement> creator, List<PolicyStatement> requested) {
        boolean creatorHasAll = creator.stream().anyMatch(s -> "*".equals(s.resourceType()) && s.allows());
        if (creatorHasAll && creator.stream().noneMatch(s -> !s.allows())) {
            return false;
        }
        for (PolicyStatement s : requested) {
            if (!s.allows()) {
                continue;
            }
            if ("*".equals(s.resourceType()) && !creatorHasAll) {
                return true;
            }
            for (String action : s.actions()) {
                for (String resource : s.resources()) {
                    if (!PermissionEvaluator.isAllowed(creator, resource, action)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void validateStatements(List<PolicyStatement> statements) {
        Validation v = Validation.of().that(statements.size() <= 200, ErrorCodes.invalid("permissions"));
        for (PolicyStatement s : statements) {
            v.that(s != null && !s.resourceType().isBlank()
                    && (PolicyStatement.ALLOW.equals(s.effect()) || PolicyStatement.DENY.equals(s.effect()))
                    && !s.actions().isEmpty() && !s.resources().isEmpty(), ErrorCodes.invalid("permissions"));
        }
        v.check();
    }

    private AccessTokenVm view(AccessToken t) {
        Optional<User> creator = users.find(t.creatorId());
        return new AccessTokenVm(t.id(), t.name(), t.type(), t.status(), t.masked(), t.permissions(),
                t.lastUsedAt().orElse(null),
                new Creator(t.creatorId(), creator.map(User::name).orElse(""), creator.map(User::email).orElse("")));
    }
}
