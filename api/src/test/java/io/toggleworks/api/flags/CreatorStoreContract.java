package io.toggleworks.api.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link CreatorStore} reads, run once per main database. */
abstract class CreatorStoreContract {
    protected abstract CreatorStore store();

    protected abstract void addUser(UUID id, String name, String email);

    protected abstract void addAccessToken(UUID id, String name);

    @Test
    void usersComeFirstThenAccessTokensAndUnknownIdsAreAbsent() {
        UUID user = UUID.randomUUID();
        UUID token = UUID.randomUUID();
        UUID both = UUID.randomUUID();
        addUser(user, "Ada", "ada-" + user + "@example.com");
        addAccessToken(token, "ci token");
        addUser(both, "Bob", "bob-" + both + "@example.com");
        addAccessToken(both, "bob's token");

        var found = store().creators(List.of(user, token, both, user, UUID.randomUUID()));
        assertThat(found).hasSize(3);
        assertThat(found.get(user)).isEqualTo(new CreatorStore.Creator(user, "Ada", "ada-" + user + "@example.com"));
        assertThat(found.get(token)).isEqualTo(new CreatorStore.Creator(token, "ci token", "Access token"));
        assertThat(found.get(both).name()).isEqualTo("Bob");
        assertThat(store().creators(List.of())).isEmpty();
    }
}
