package io.toggleworks.api.accesstokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.iam.PolicyStatement;
import io.toggleworks.api.iam.StoreFixtures;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link AccessTokenStore} does, on PostgreSQL and on MongoDB. */
abstract class AccessTokenStoreContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final List<PolicyStatement> PERMISSIONS = List.of(
            new PolicyStatement("s1", "flag", PolicyStatement.ALLOW, List.of("*"), List.of("project/*:env/*:flag/*")));

    protected abstract StoreFixtures fx();

    private AccessTokenStore store() {
        return fx().tokens();
    }

    /** A stored token and its plain value. */
    record Made(AccessToken token, String raw) {
    }

    private Made insert(UUID org, String name, String type, UUID creator, Instant createdAt) {
        String raw = TokenHashing.newToken();
        AccessToken t = new AccessToken(UUID.randomUUID(), org, name, type, AccessToken.ACTIVE, TokenHashing.prefix(raw), creator,
                AccessToken.SERVICE.equals(type) ? PERMISSIONS : List.of(), Optional.empty(), createdAt, createdAt);
        store().insert(t, raw);
        return new Made(t, raw);
    }

    @Test
    void insertsHashedAndFindsInItsOrganization() {
        UUID org = UUID.randomUUID();
        Made m = insert(org, "ci", AccessToken.SERVICE, UUID.randomUUID(), T0);
        assertThat(store().find(org, m.token().id())).contains(m.token());
        assertThat(store().find(UUID.randomUUID(), m.token().id())).isEmpty();
        assertThat(store().find(org, UUID.randomUUID())).isEmpty();
        assertThat(fx().storedToken(m.token().id())).isEqualTo(TokenHashing.stored(m.raw())).doesNotContain(m.raw());
        assertThat(m.token().masked()).startsWith(m.raw().substring(0, 10)).hasSize(44);
    }

    @Test
    void findsTheTokenACallerPresents() {
        Made m = insert(UUID.randomUUID(), "ci", AccessToken.PERSONAL, UUID.randomUUID(), T0);
        assertThat(store().findByRawToken(m.raw())).contains(m.token());
        assertThat(store().findByRawToken(TokenHashing.newToken())).isEmpty();
        assertThat(store().findByRawToken(fx().storedToken(m.token().id()))).as("the stored hash is no token").isEmpty();
        assertThat(store().findByRawToken("")).isEmpty();
    }

    @Test
    void aPlainTokenWrittenByFeatBitIsFoundAndHashed() {
        UUID id = UUID.randomUUID();
        String raw = TokenHashing.newToken();
        UUID org = UUID.randomUUID();
        fx().plainToken(id, org, "legacy", raw, UUID.randomUUID());
        AccessToken found = store().findByRawToken(raw).orElseThrow();
        assertThat(found.id()).isEqualTo(id);
        assertThat(found.displayPrefix()).isEqualTo(raw.substring(0, 10));
        assertThat(fx().storedToken(id)).isEqualTo(TokenHashing.stored(raw));
        assertThat(store().findByRawToken(raw)).map(AccessToken::id).contains(id);
    }

    @Test
    void recordsUseAtMostOnceAMinute() {
        UUID org = UUID.randomUUID();
        Made m = insert(org, "ci", AccessToken.PERSONAL, UUID.randomUUID(), T0);
        assertThat(store().find(org, m.token().id()).orElseThrow().lastUsedAt()).isEmpty();

        store().touch(m.token().id());
        Instant first = store().find(org, m.token().id()).orElseThrow().lastUsedAt().orElseThrow();
        assertThat(first).isAfter(T0);

        Instant recent = Instant.now().minusSeconds(10).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        fx().lastUsedAt(m.token().id(), recent);
        store().touch(m.token().id());
        assertThat(store().find(org, m.token().id()).orElseThrow().lastUsedAt()).contains(recent);

        Instant old = Instant.now().minusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        fx().lastUsedAt(m.token().id(), old);
        store().touch(m.token().id());
        assertThat(store().find(org, m.token().id()).orElseThrow().lastUsedAt().orElseThrow()).isAfter(old.plusSeconds(60));
        store().touch(UUID.randomUUID());
    }

    @Test
    void aNameIsUsedIgnoringCaseInItsOrganization() {
        UUID org = UUID.randomUUID();
        insert(org, "My.Token", AccessToken.PERSONAL, UUID.randomUUID(), T0);
        assertThat(store().nameUsed(org, "my.token")).isTrue();
        assertThat(store().nameUsed(org, "myxtoken")).isFalse();
        assertThat(store().nameUsed(org, "My")).isFalse();
        assertThat(store().nameUsed(UUID.randomUUID(), "My.Token")).isFalse();
    }

    @Test
    void updatesNamePermissionsAndStatusAndDeletes() {
        UUID org = UUID.randomUUID();
        Made m = insert(org, "ci", AccessToken.SERVICE, UUID.randomUUID(), T0);
        List<PolicyStatement> narrower = List.of(new PolicyStatement("s2", "project", PolicyStatement.DENY,
                List.of("DeleteProject"), List.of("project/web")));
        store().update(m.token().id(), "renamed", narrower, AccessToken.INACTIVE);
        AccessToken after = store().find(org, m.token().id()).orElseThrow();
        assertThat(after.name()).isEqualTo("renamed");
        assertThat(after.permissions()).isEqualTo(narrower);
        assertThat(after.status()).isEqualTo(AccessToken.INACTIVE);
        assertThat(after.isActive()).isFalse();
        assertThat(after.createdAt()).isEqualTo(T0);
        assertThat(after.updatedAt()).isAfter(T0);
        assertThat(store().findByRawToken(m.raw())).map(AccessToken::status).contains(AccessToken.INACTIVE);

        store().delete(m.token().id());
        assertThat(store().find(org, m.token().id())).isEmpty();
        assertThat(store().findByRawToken(m.raw())).isEmpty();
        store().delete(m.token().id());
    }

    @Test
    void listsNewestFirstFilteredAndPaged() {
        UUID org = UUID.randomUUID();
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        Made a = insert(org, "deploy_bot", AccessToken.SERVICE, ann, T0);
        Made b = insert(org, "Ann's 100%", AccessToken.PERSONAL, ann, T0.plusSeconds(1));
        Made c = insert(org, "Bob's", AccessToken.PERSONAL, bob, T0.plusSeconds(2));
        insert(UUID.randomUUID(), "deploy_bot", AccessToken.SERVICE, ann, T0);

        PagedResult<AccessToken> all = store().list(org, null, null, null, new Paging(0, 10));
        assertThat(all.totalCount()).isEqualTo(3);
        assertThat(all.items()).containsExactly(c.token(), b.token(), a.token());
        PagedResult<AccessToken> page = store().list(org, "", null, "", new Paging(1, 2));
        assertThat(page.totalCount()).isEqualTo(3);
        assertThat(page.items()).containsExactly(a.token());

        assertThat(store().list(org, "S", null, null, new Paging(0, 10)).items()).containsExactly(c.token(), b.token());
        assertThat(store().list(org, "100%", null, null, new Paging(0, 10)).items()).containsExactly(b.token());
        assertThat(store().list(org, "y_b", null, null, new Paging(0, 10)).items()).containsExactly(a.token());
        assertThat(store().list(org, "n_s", null, null, new Paging(0, 10)).items()).as("an underscore is not a wildcard").isEmpty();
        assertThat(store().list(org, null, ann, null, new Paging(0, 10)).items()).containsExactly(b.token(), a.token());
        assertThat(store().list(org, null, ann, AccessToken.SERVICE, new Paging(0, 10)).items()).containsExactly(a.token());
        PagedResult<AccessToken> none = store().list(org, null, null, "Nope", new Paging(0, 10));
        assertThat(none.totalCount()).isZero();
        assertThat(none.items()).isEmpty();
    }
}
