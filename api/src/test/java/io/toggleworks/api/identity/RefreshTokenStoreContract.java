package io.toggleworks.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.db.StoreFixture;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link RefreshTokenStore} does, on each main database. */
abstract class RefreshTokenStoreContract {
    protected abstract RefreshTokenStore store();

    protected abstract StoreFixture fixture();

    @Test
    void aCreatedTokenIsActiveForItsUserAndStoredAsItsHash() {
        UUID user = UUID.randomUUID();
        String raw = store().create(user, "10.0.0.1");
        assertThat(raw).hasSize(32);
        assertThat(store().findActive(raw)).map(RefreshTokenStore.Active::userId).contains(user);
        assertThat(fixture().count("refresh_tokens", "token", RefreshTokenStore.hash(raw))).isEqualTo(1);
        assertThat(fixture().count("refresh_tokens", "token", raw)).isZero();
        assertThat(store().findActive(RefreshTokenStore.newRaw())).isEmpty();
    }

    @Test
    void aTokenIsRevokedOnceAndItsReplacementIsActive() {
        UUID user = UUID.randomUUID();
        String raw = store().create(user, "x".repeat(60));
        String next = RefreshTokenStore.newRaw();
        assertThat(store().revoke(raw, "10.0.0.2", Optional.of(next))).isTrue();
        assertThat(store().revoke(raw, "10.0.0.2", Optional.empty())).isFalse();
        assertThat(store().findActive(raw)).isEmpty();
        store().insert(next, user, "10.0.0.2");
        assertThat(store().findActive(next)).map(RefreshTokenStore.Active::userId).contains(user);
        assertThat(store().revoke(RefreshTokenStore.newRaw(), "ip", Optional.empty())).isFalse();
    }

    @Test
    void anExpiredTokenIsNotActive() {
        String raw = RefreshTokenStore.newRaw();
        Instant past = Instant.now().minus(31, ChronoUnit.DAYS);
        fixture().insert("refresh_tokens", Map.of("id", UUID.randomUUID(), "token", RefreshTokenStore.hash(raw),
                "user_id", UUID.randomUUID(), "is_revoked", false, "expires_at", past.plus(30, ChronoUnit.DAYS),
                "created_at", past, "updated_at", past));
        assertThat(store().findActive(raw)).isEmpty();
    }
}
