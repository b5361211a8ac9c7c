package io.toggleworks.api.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.toggleworks.api.flags.MongoQueries;
import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.segment.MatchRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

/** What every {@link SegmentStore} does, run once per main database; each test uses fresh random workspaces. */
abstract class SegmentStoreContract {
    protected abstract SegmentStore store();

    static Instant t(long second) {
        return Instant.parse("2026-02-01T00:00:00Z").plusSeconds(second).plusMillis(7);
    }

    static SegmentEntity segment(UUID ws, UUID env, String key, boolean shared, Instant updatedAt) {
        return segment(UUID.randomUUID(), ws, env, key, shared, updatedAt);
    }

    static SegmentEntity segment(UUID id, UUID ws, UUID env, String key, boolean shared, Instant updatedAt) {
        return new SegmentEntity(id, ws, env, "Segment " + key, key,
                shared ? SegmentEntity.SHARED : SegmentEntity.ENVIRONMENT_SPECIFIC,
                shared ? List.of("organization/o:project/p") : List.of(),
                "about " + key, List.of("in-1", "in-2"), List.of("out-1"),
                List.of(new MatchRule("r1", "rule", List.of(new Condition("c1", "plan", "IsOneOf", "[\"gold\"]")))),
                List.of(), false, t(0), updatedAt);
    }

    /** The given top bits of both halves, random elsewhere (ids are unique in the shared test database). */
    static UUID withRandomTail(String id) {
        String r = UUID.randomUUID().toString();
        return UUID.fromString(id.substring(0, 2) + r.substring(2, 19) + id.charAt(19) + r.substring(20));
    }

    static List<String> keys(List<SegmentEntity> list) {
        return list.stream().map(SegmentEntity::key).toList();
    }

    @Test
    void insertedSegmentsReadBackEqual() {
        UUID ws = UUID.randomUUID();
        UUID env = UUID.randomUUID();
        SegmentEntity own = segment(ws, env, "own", false, t(1));
        SegmentEntity shared = segment(ws, env, "shared", true, t(2))
                .with("Shared", "d", List.of("b", "a"), List.of(), List.of(), List.of(), true, t(2));
        store().insert(own);
        store().insert(shared);
        assertThat(store().find(own.id())).contains(own);
        assertThat(store().find(shared.id())).contains(shared);
        assertThat(store().find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void candidatesAreTheEnvironmentsOwnAndTheWorkspacesSharedNewestFirst() {
        UUID ws = UUID.randomUUID();
        UUID env = UUID.randomUUID();
        UUID otherEnv = UUID.randomUUID();
        SegmentEntity a = segment(ws, env, "a-own", false, t(1));
        SegmentEntity b = segment(ws, otherEnv, "b-shared", true, t(3));
        SegmentEntity c = segment(ws, otherEnv, "c-other-env", false, t(4));
        SegmentEntity d = segment(UUID.randomUUID(), env, "d-shared-elsewhere", true, t(5));
        SegmentEntity e = segment(ws, env, "e-archived", false, t(2))
                .with("Gold users", "", List.of(), List.of(), List.of(), List.of(), true, t(2));
        List.of(a, b, c, d, e).forEach(store()::insert);

        assertThat(keys(store().candidates(ws, env, null, null))).containsExactly("b-shared", "e-archived", "a-own");
        assertThat(keys(store().candidates(ws, env, null, false))).containsExactly("b-shared", "a-own");
        assertThat(keys(store().candidates(ws, env, null, true))).containsExactly("e-archived");
        assertThat(keys(store().candidates(ws, env, " GOLD ", null))).as("name, any case").containsExactly("e-archived");
        assertThat(keys(store().candidates(ws, env, "A-OW", null))).as("key, any case").containsExactly("a-own");
        assertThat(store().candidates(ws, env, "a.own", null)).as("literal text").isEmpty();
        assertThat(store().candidates(ws, env, "%", null)).as("literal text").isEmpty();
        assertThat(store().candidates(UUID.randomUUID(), UUID.randomUUID(), null, null)).isEmpty();
    }

    @Test
    void equalUpdateTimesAreOrderedByIdAsPostgresOrdersUuids() {
        UUID ws = UUID.randomUUID();
        UUID env = UUID.randomUUID();
        List<SegmentEntity> made = new ArrayList<>();
        for (String id : List.of("f0000000-0000-4000-8000-000000000002", "10000000-0000-4000-8000-000000000002",
                "80000000-0000-4000-8000-000000000002", "10000000-0000-4000-0000-000000000002")) {
            made.add(segment(withRandomTail(id), ws, env, "k" + made.size(), false, t(9)));
        }
        made.forEach(store()::insert);
        assertThat(store().candidates(ws, env, null, null)).extracting(SegmentEntity::id)
                .containsExactlyElementsOf(made.stream().map(SegmentEntity::id).sorted(MongoQueries.UUID_ORDER).toList());
    }

    @Test
    void keysAreUniqueIgnoringCasePerEnvironmentOrPerWorkspaceWhenShared() {
        UUID ws = UUID.randomUUID();
        UUID env = UUID.randomUUID();
        store().insert(segment(ws, env, "Beta.Users", false, t(1)));
        store().insert(segment(ws, env, "Shared.Key", true, t(1)));

        assertThat(store().keyUsed(ws, env, "beta.users", false)).isTrue();
        assertThat(store().keyUsed(ws, env, "betaxusers", false)).isFalse();
        assertThat(store().keyUsed(ws, env, "beta.users", true)).as("shared keys are another namespace").isFalse();
        assertThat(store().keyUsed(ws, UUID.randomUUID(), "beta.users", false)).isFalse();
        assertThat(store().keyUsed(ws, UUID.randomUUID(), "SHARED.KEY", true)).as("per workspace").isTrue();
        assertThat(store().keyUsed(UUID.randomUUID(), env, "shared.key", true)).isFalse();
        assertThat(store().keyUsed(ws, env, "shared.key", false)).isFalse();

        assertThatThrownBy(() -> store().insert(segment(ws, env, "BETA.users", false, t(2))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> store().insert(segment(ws, UUID.randomUUID(), "shared.KEY", true, t(2))))
                .isInstanceOf(DuplicateKeyException.class);
        store().insert(segment(ws, UUID.randomUUID(), "beta.users", false, t(2)));
        store().insert(segment(ws, env, "beta.users", true, t(2)));
        store().insert(segment(UUID.randomUUID(), env, "shared.key", true, t(2)));
    }

    @Test
    void allTagsAreTheSortedDistinctTagsOfSegmentsOwnedByTheEnvironment() {
        UUID ws = UUID.randomUUID();
        UUID env = UUID.randomUUID();
        store().insert(segment(ws, env, "a", false, t(1)).with("a", "", List.of("zeta", "Beta"), List.of(), List.of(), List.of(), false, t(1)));
        store().insert(segment(ws, env, "b", true, t(1)).with("b", "", List.of("alpha", "zeta"), List.of(), List.of(), List.of(), true, t(1)));
        store().insert(segment(ws, UUID.randomUUID(), "c", true, t(1)).with("c", "", List.of("other"), List.of(), List.of(), List.of(), false, t(1)));
        assertThat(store().allTags(env)).containsExactly("Beta", "alpha", "zeta");
        assertThat(store().allTags(UUID.randomUUID())).isEmpty();
    }

    @Test
    void updateNeedsTheExpectedUpdatedAtAndChangesOnlyTheEditableFields() {
        UUID ws = UUID.randomUUID();
        UUID env = UUID.randomUUID();
        SegmentEntity s = segment(ws, env, "upd", true, t(1));
        store().insert(s);
        List<MatchRule> rules = List.of(new MatchRule("r2", "other", List.of(new Condition("c", "age", "BiggerThan", "3"))));
        SegmentEntity after = s.with("New name", "new", List.of("t"), List.of("x"), List.of(), rules, true, t(20));

        assertThat(store().update(after, t(2))).isFalse();
        assertThat(store().find(s.id())).contains(s);
        assertThat(store().update(after, s.updatedAt())).isTrue();
        assertThat(store().find(s.id())).contains(after);
        assertThat(store().update(after, s.updatedAt())).as("moved on").isFalse();

        // Key, type, scopes, owner and creation are not updated.
        SegmentEntity other = new SegmentEntity(s.id(), UUID.randomUUID(), UUID.randomUUID(), "n", "changed-key",
                SegmentEntity.ENVIRONMENT_SPECIFIC, List.of(), "", List.of(), List.of(), List.of(), List.of(), false, t(99), t(30));
        assertThat(store().update(other, after.updatedAt())).isTrue();
        SegmentEntity stored = store().find(s.id()).orElseThrow();
        assertThat(stored.key()).isEqualTo("upd");
        assertThat(stored.type()).isEqualTo(SegmentEntity.SHARED);
        assertThat(stored.scopes()).isEqualTo(s.scopes());
        assertThat(stored.workspaceId()).isEqualTo(ws);
        assertThat(stored.envId()).isEqualTo(env);
        assertThat(stored.createdAt()).isEqualTo(s.createdAt());
        assertThat(stored.updatedAt()).isEqualTo(t(30));

        SegmentEntity ghost = segment(ws, env, "ghost", false, t(1));
        assertThat(store().update(ghost, ghost.updatedAt())).isFalse();
        assertThat(store().find(ghost.id())).isEmpty();
    }

    @Test
    void deleteRemovesOnlyThatSegment() {
        UUID ws = UUID.randomUUID();
        UUID env = UUID.randomUUID();
        SegmentEntity a = segment(ws, env, "a", false, t(1));
        SegmentEntity b = segment(ws, env, "b", false, t(1));
        store().insert(a);
        store().insert(b);
        store().delete(a.id());
        store().delete(UUID.randomUUID());
        assertThat(store().find(a.id())).isEmpty();
        assertThat(store().keyUsed(ws, env, "a", false)).isFalse();
        assertThat(store().find(b.id())).contains(b);
    }

    /** As the API calls it: inside a (possibly no-op) transaction, so the Mongo store's name lock is held. */
    @Test
    void concurrentInsertsOfOneKeyStoreOneSegment() throws Exception {
        UUID ws = UUID.randomUUID();
        UUID env = UUID.randomUUID();
        var tx = new org.springframework.transaction.support.TransactionTemplate(new io.toggleworks.api.db.NoTransactions());
        List<java.util.concurrent.Callable<Boolean>> inserts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String key = i % 2 == 0 ? "race" : "RACE";
            inserts.add(() -> {
                try {
                    tx.executeWithoutResult(s -> store().insert(segment(ws, env, key, false, t(0))));
                    return true;
                } catch (DuplicateKeyException e) {
                    return false;
                }
            });
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            long created = 0;
            for (var f : pool.invokeAll(inserts)) {
                created += f.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        }
        assertThat(store().candidates(ws, env, null, null)).hasSize(1);
    }
}
