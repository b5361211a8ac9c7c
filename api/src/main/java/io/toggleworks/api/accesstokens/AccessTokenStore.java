package io.toggleworks.api.accesstokens;

import io.toggleworks.api.iam.PolicyStatement;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Access tokens (api.md §3.12), stored hashed ({@link TokenHashing}). */
public interface AccessTokenStore {
    /**
     * The token a caller presented. A record still holding the plain token (written by a FeatBit API sharing the
     * database) is found too, and hashed on the spot.
     */
    Optional<AccessToken> findByRawToken(String raw);

    /** Records use, at most once a minute per token, so busy automation does not write on every call. */
    void touch(UUID id);

    Optional<AccessToken> find(UUID organizationId, UUID id);

    /** Whether a token of the organization has this name, ignoring case. */
    boolean nameUsed(UUID organizationId, String name);

    void insert(AccessToken t, String rawToken);

    void update(UUID id, String name, List<PolicyStatement> permissions, String status);

    void delete(UUID id);

    /**
     * A page of the organization's tokens, newest first, optionally those whose name contains {@code name}
     * (ignoring case), of one creator, of one type.
     */
    PagedResult<AccessToken> list(UUID organizationId, String name, UUID creatorId, String type, Paging paging);
}
