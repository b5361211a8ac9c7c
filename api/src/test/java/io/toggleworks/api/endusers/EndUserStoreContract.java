package io.toggleworks.api.endusers;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.core.enduser.CustomizedProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EndUserStore} does, run once per main database. Each test works in fresh random environments and
 * workspaces, so tests sharing a database do not see each other's users.
 */
abstract class EndUserStoreContract {
    protected abstract EndUserStore store();

    /** Sets the user's {@code updatedAt} in the database, to order users without waiting. */
    protected abstract void setUpdatedAt(UUID userId, Instant at);

    /** A global user of the workspace (no environment), as FeatBit's global-user import writes it. */
    protected abstract UUID insertGlobalUser(UUID workspaceId, String keyId, String name, Instant updatedAt);

    static Instant t(long second) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second).plusMillis(250);
    }

    private EndUserRecord user(UUID env, String keyId, String name, long second) {
        EndUserRecord u = store().upsert(env, keyId, name, List.of());
        setUpdatedAt(u.id(), t(second));
        return u;
    }

    private static List<String> keys(List<EndUserRecord> users) {
        return users.stream().map(EndUserRecord::keyId).toList();
    }

    @Test
    void upsertInsertsAUserFoundByIdAndKeyIdInItsEnvironmentOnly() {
        UUID env = UUID.randomUUID();
        List<CustomizedProperty> props = List.of(new CustomizedProperty("plan", "gold"), new CustomizedProperty("age", "42"));
        EndUserRecord u = store().upsert(env, "u-1", "Ann", props);
        assertThat(u.id()).isNotNull();
        assertThat(u.envId()).isEqualTo(env);
        assertThat(u.workspaceId()).isNull();
        assertThat(u.keyId()).isEqualTo("u-1");
        assertThat(u.name()).isEqualTo("Ann");
        assertThat(u.customizedProperties()).isEqualTo(props);
        assertThat(u.createdAt()).isNotNull().isEqualTo(u.updatedAt());

        assertThat(store().find(env, u.id())).contains(u);
        assertThat(store().find(UUID.randomUUID(), u.id())).isEmpty();
        assertThat(store().byKeyIds(env, List.of("u-1", "nobody"))).containsExactly(u);
        assertThat(store().byKeyIds(UUID.randomUUID(), List.of("u-1"))).isEmpty();
        assertThat(store().byKeyIds(env, List.of())).isEmpty();
    }

    @Test
    void anUnchangedUpsertWritesNothingAndAChangedOneUpdatesTheSameUser() {
        UUID env = UUID.randomUUID();
        EndUserRecord first = store().upsert(env, "u", "Ann", List.of(new CustomizedProperty("plan", "gold")));
        setUpdatedAt(first.id(), t(0));
        EndUserRecord same = store().upsert(env, "u", "Ann", List.of(new CustomizedProperty("plan", "gold")));
        assertThat(same.id()).isEqualTo(first.id());
        assertThat(same.updatedAt()).isEqualTo(t(0));

        EndUserRecord renamed = store().upsert(env, "u", "Anna", List.of(new CustomizedProperty("plan", "gold")));
        assertThat(renamed.id()).isEqualTo(first.id());
        assertThat(renamed.name()).isEqualTo("Anna");
        assertThat(renamed.updatedAt()).isAfter(t(0));
        assertThat(renamed.createdAt()).isEqualTo(first.createdAt());

        setUpdatedAt(first.id(), t(1));
        EndUserRecord reprops = store().upsert(env, "u", "Anna", List.of(new CustomizedProperty("plan", "silver")));
        assertThat(reprops.customizedProperties()).containsExactly(new CustomizedProperty("plan", "silver"));
        assertThat(reprops.updatedAt()).isAfter(t(1));
        assertThat(store().byKeyIds(env, List.of("u"))).containsExactly(reprops);
    }

    @Test
    void theSameKeyIdInAnotherEnvironmentIsAnotherUser() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        EndUserRecord inA = store().upsert(a, "u", "A", List.of());
        EndUserRecord inB = store().upsert(b, "u", "B", List.of());
        assertThat(inA.id()).isNotEqualTo(inB.id());
        assertThat(store().find(a, inA.id()).orElseThrow().name()).isEqualTo("A");
        assertThat(store().find(b, inB.id()).orElseThrow().name()).isEqualTo("B");
    }

    /** The job handler and the API can upsert the same new user at once: one user results. */
    @Test
    void racingUpsertsOfANewUserLeaveOneUser() throws Exception {
        UUID env = UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                String key = "racer-" + round;
                List<Callable<EndUserRecord>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String name = "n" + (i % 2);
                    calls.add(() -> store().upsert(env, key, name, List.of()));
                }
                List<UUID> ids = new ArrayList<>();
                for (Future<EndUserRecord> f : pool.invokeAll(calls)) {
                    ids.add(f.get().id());
                }
                assertThat(store().byKeyIds(env, List.of(key))).hasSize(1);
                assertThat(ids).containsOnly(ids.getFirst());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void searchMatchesKeyIdOrNameIgnoringCaseNewestFirstWithGlobalUsers() {
        UUID env = UUID.randomUUID();
        UUID ws = UUID.randomUUID();
        user(env, "alpha", "First Person", 1);
        user(env, "beta", "ALPHA fan", 2);
        user(env, "gamma", "nobody", 3);
        user(UUID.randomUUID(), "alpha-elsewhere", "x", 4);
        insertGlobalUser(ws, "alpha-global", "g", t(5));
        insertGlobalUser(UUID.randomUUID(), "alpha-other-ws", "g", t(6));

        assertThat(keys(store().search(env, ws, "Alpha", List.of(), false, 10))).containsExactly("alpha-global", "beta", "alpha");
        assertThat(keys(store().search(env, ws, null, List.of(), false, 10))).containsExactly("alpha-global", "gamma", "beta", "alpha");
        assertThat(keys(store().search(env, ws, "  ", List.of(), false, 2))).containsExactly("alpha-global", "gamma");
        assertThat(keys(store().search(env, ws, "alpha", List.of("beta", "alpha-global"), false, 10))).containsExactly("alpha");
        assertThat(keys(store().search(env, ws, "", List.of(), true, 10))).containsExactly("alpha-global");
        EndUserRecord global = store().search(env, ws, "alpha-global", List.of(), true, 10).getFirst();
        assertThat(global.envId()).isNull();
        assertThat(global.workspaceId()).isEqualTo(ws);
    }

    /** Search text is literal: LIKE wildcards and regex characters match only themselves. */
    @Test
    void searchTextIsLiteral() {
        UUID env = UUID.randomUUID();
        user(env, "a.c", "n1", 1);
        user(env, "abc", "n2", 2);
        user(env, "50%_off", "n3", 3);
        user(env, "500 off", "n4", 4);
        user(env, "x(y", "n5", 5);
        assertThat(keys(store().all(env, "A.C", 10))).containsExactly("a.c");
        assertThat(keys(store().all(env, "%_", 10))).containsExactly("50%_off");
        assertThat(keys(store().all(env, "x(", 10))).containsExactly("x(y");
        assertThat(keys(store().all(env, ".*", 10))).isEmpty();
        assertThat(store().count(env, "0%")).isEqualTo(1);
    }

    @Test
    void countAndAllFilterByText() {
        UUID env = UUID.randomUUID();
        user(env, "k1", "Red fox", 1);
        user(env, "k2", "blue fox", 2);
        user(env, "k3", "red panda", 3);
        assertThat(store().count(env, null)).isEqualTo(3);
        assertThat(store().count(env, " RED ")).isEqualTo(2);
        assertThat(store().count(UUID.randomUUID(), null)).isZero();
        assertThat(keys(store().all(env, null, 10))).containsExactly("k3", "k2", "k1");
        assertThat(keys(store().all(env, "fox", 10))).containsExactly("k2", "k1");
        assertThat(keys(store().all(env, null, 2))).containsExactly("k3", "k2");
    }

    @Test
    void pagesWalkForwardAndBackByUpdatedAtThenId() {
        UUID env = UUID.randomUUID();
        for (int i = 0; i < 7; i++) {
            user(env, "p" + i, "n", i);
        }
        // Two users with the same updatedAt: the id breaks the tie, and none is skipped or repeated.
        EndUserRecord tieA = user(env, "tie-a", "n", 3);
        EndUserRecord tieB = user(env, "tie-b", "n", 3);
        List<String> expected = keys(store().all(env, null, 100));
        assertThat(expected).hasSize(9);
        assertThat(expected.subList(0, 3)).containsExactly("p6", "p5", "p4");
        assertThat(expected.subList(3, 6)).containsExactlyInAnyOrder("p3", "tie-a", "tie-b");
        assertThat(tieA.id()).isNotEqualTo(tieB.id());

        EndUserStore.CursorPage first = store().page(env, null, null, 4);
        assertThat(keys(first.items())).isEqualTo(expected.subList(0, 4));
        assertThat(first.previousCursor()).isNull();
        assertThat(first.nextCursor()).isNotNull();
        assertThat(first.nextCursor().direction()).isEqualTo("forward");

        EndUserStore.CursorPage second = store().page(env, null, first.nextCursor(), 4);
        assertThat(keys(second.items())).isEqualTo(expected.subList(4, 8));
        assertThat(second.previousCursor()).isNotNull();
        assertThat(second.previousCursor().direction()).isEqualTo("backward");

        EndUserStore.CursorPage third = store().page(env, null, second.nextCursor(), 4);
        assertThat(keys(third.items())).isEqualTo(expected.subList(8, 9));
        assertThat(third.nextCursor()).isNull();

        EndUserStore.CursorPage back = store().page(env, null, third.previousCursor(), 4);
        assertThat(keys(back.items())).isEqualTo(expected.subList(4, 8));
        assertThat(back.nextCursor()).isNotNull();
        EndUserStore.CursorPage backToStart = store().page(env, null, back.previousCursor(), 4);
        assertThat(keys(backToStart.items())).isEqualTo(expected.subList(0, 4));
        assertThat(backToStart.previousCursor()).isNull();

        assertThat(keys(store().page(env, "P", null, 100).items())).containsExactly("p6", "p5", "p4", "p3", "p2", "p1", "p0");
        EndUserStore.CursorPage none = store().page(UUID.randomUUID(), null, null, 4);
        assertThat(none.items()).isEmpty();
        assertThat(none.nextCursor()).isNull();
        // A cursor without its position starts at the top.
        assertThat(keys(store().page(env, null, new EndUserStore.Cursor(null, null, "forward"), 2).items()))
                .isEqualTo(expected.subList(0, 2));
    }
}
