package io.toggleworks.api.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.toggleworks.api.db.StoreFixture;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

/** What every {@link UserStore} does, on each main database; random ids and emails keep tests apart. */
abstract class UserStoreContract {
    protected abstract UserStore store();

    protected abstract StoreFixture fixture();

    static String email(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static User user(String email) {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new User(UUID.randomUUID(), "Name " + email, email, "hash", User.LOCAL, Optional.of("initial"), t, t);
    }

    @Test
    void insertedUserReadsBackByIdAndByEmailIgnoringCase() {
        User u = user(email("Read"));
        store().insert(u);
        assertThat(store().find(u.id())).contains(u);
        assertThat(store().findByEmail(u.email().toUpperCase())).contains(u);
        assertThat(store().find(UUID.randomUUID())).isEmpty();
        assertThat(store().findByEmail("nobody-" + u.email())).isEmpty();
    }

    @Test
    void emailLookupIsLiteralAndPrefersTheExactSpelling() {
        String base = email("exact");
        User lower = user(base.toLowerCase());
        User upper = user("X" + base.substring(1).toUpperCase());
        store().insert(upper);
        store().insert(lower);
        assertThat(store().findByEmail(base.toLowerCase())).map(User::id).contains(lower.id());
        // A dot in the email is not a wildcard.
        assertThat(store().findByEmail(base.replace(".com", "xcom"))).isEmpty();
    }

    @Test
    void aSecondUserWithTheSameEmailIsRefused() {
        User u = user(email("dup"));
        store().insert(u);
        assertThatThrownBy(() -> store().insert(user(u.email()))).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void passwordChangesKeepOrClearTheInitialPassword() {
        User u = user(email("pw"));
        store().insert(u);
        store().updatePassword(u.id(), "h2", false);
        assertThat(store().find(u.id()).orElseThrow()).satisfies(x -> {
            assertThat(x.password()).isEqualTo("h2");
            assertThat(x.initialPassword()).contains("initial");
        });
        store().updatePassword(u.id(), "h3", true);
        assertThat(store().find(u.id()).orElseThrow()).satisfies(x -> {
            assertThat(x.password()).isEqualTo("h3");
            assertThat(x.initialPassword()).isEmpty();
        });
    }

    @Test
    void profileUpdateAndEmailUsedByAnother() {
        User a = user(email("a"));
        User b = user(email("b"));
        store().insert(a);
        store().insert(b);
        assertThat(store().emailUsedByOther(b.email().toUpperCase(), a.id())).isTrue();
        assertThat(store().emailUsedByOther(a.email(), a.id())).isFalse();
        String changed = email("changed");
        store().updateProfile(a.id(), "New Name", changed);
        User after = store().find(a.id()).orElseThrow();
        assertThat(after.name()).isEqualTo("New Name");
        assertThat(after.email()).isEqualTo(changed);
        assertThat(after.updatedAt()).isAfterOrEqualTo(a.updatedAt());
    }

    @Test
    void addingToAWorkspaceTwiceKeepsOneMembership() {
        User u = user(email("ws"));
        store().insert(u);
        UUID ws = UUID.randomUUID();
        store().addToWorkspace(ws, u.id());
        store().addToWorkspace(ws, u.id());
        store().addToWorkspace(UUID.randomUUID(), u.id());
        assertThat(fixture().count("workspace_users", "user_id", u.id())).isEqualTo(2);
        assertThat(fixture().count("workspace_users", "workspace_id", ws)).isEqualTo(1);
    }

    @Test
    void aMissingOriginReadsAsLocal() {
        Instant t = Instant.now();
        UUID id = UUID.randomUUID();
        fixture().insert("users", java.util.Map.of("id", id, "name", "n", "email", email("origin"), "password", "p",
                "created_at", t, "updated_at", t));
        assertThat(store().find(id).orElseThrow().origin()).isEqualTo(User.LOCAL);
    }
}
