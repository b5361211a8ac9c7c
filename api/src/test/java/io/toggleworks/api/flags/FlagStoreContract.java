package io.toggleworks.api.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Fallthrough;
import io.toggleworks.core.flag.RolloutVariation;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.TargetUser;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

/**
 * What every {@link FlagStore} does, run once per main database. Each test works in fresh random environments, so
 * tests sharing a database do not see each other's flags. Flags are compared as their JSON (rollouts are arrays).
 */
abstract class FlagStoreContract {
    static final String ON = "v-on";
    static final String OFF = "v-off";

    /** The store under test, on a database with the API's schema. */
    protected abstract FlagStore store();

    static FeatureFlag flag(UUID envId, String key, Instant createdAt) {
        return flag(UUID.randomUUID(), envId, key, createdAt);
    }

    static FeatureFlag flag(UUID id, UUID envId, String key, Instant createdAt) {
        return new FeatureFlag(id, envId, UUID.randomUUID(), "Flag " + key, "about " + key, key, "boolean",
                List.of(new Variation(ON, "On", "true"), new Variation(OFF, "Off", "false")),
                List.of(new TargetUser(List.of("u1", "u2"), ON)),
                List.of(), false, OFF,
                new Fallthrough(null, true, List.of(new RolloutVariation(ON, new double[] {0, 0.5}, 1),
                        new RolloutVariation(OFF, new double[] {0.5, 1}, 1))),
                true, List.of(), false, createdAt, createdAt, UUID.randomUUID(), UUID.randomUUID());
    }

    static Instant t(long second) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second).plusMillis(123);
    }

    /** The given top bits of both halves, random elsewhere (ids are unique in the shared test database). */
    static UUID withRandomTail(String id) {
        String r = UUID.randomUUID().toString();
        return UUID.fromString(id.substring(0, 2) + r.substring(2, 19) + id.charAt(19) + r.substring(20));
    }

    static Flags.Edit edit(FeatureFlag f) {
        return new Flags.Edit(f);
    }

    static String json(Object o) {
        return Json.write(o);
    }

    static List<String> keys(List<FeatureFlag> flags) {
        return flags.stream().map(FeatureFlag::key).toList();
    }

    private static TargetRule segmentRule(String segmentId) {
        return new TargetRule("r1", "in segment", null, false,
                List.of(new Condition("c1", Condition.IS_IN_SEGMENT, "IsOneOf", "[\"" + segmentId + "\"]")),
                List.of(new RolloutVariation(ON, new double[] {0, 1}, 1)));
    }

    @Test
    void insertedFlagReadsBackEqualByKeyAndId() {
        UUID env = UUID.randomUUID();
        FeatureFlag f = flag(env, "Read-Back", t(0));
        Flags.Edit e = edit(f);
        e.tags = List.of("b", "a");
        e.rules = List.of(segmentRule(UUID.randomUUID().toString()));
        e.isEnabled = true;
        FeatureFlag full = e.build();
        store().insert(full);

        assertThat(store().find(env, "Read-Back").map(FlagStoreContract::json)).contains(json(full));
        assertThat(store().findById(full.id()).map(FlagStoreContract::json)).contains(json(full));
        assertThat(store().find(env, "read-back")).as("find is case-sensitive").isEmpty();
        assertThat(store().find(UUID.randomUUID(), "Read-Back")).isEmpty();
        assertThat(store().findById(UUID.randomUUID())).isEmpty();
    }

    @Test
    void findByIdsOnlyReturnsFlagsOfTheEnvironment() {
        UUID env = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        FeatureFlag a = flag(env, "a", t(0));
        FeatureFlag b = flag(env, "b", t(1));
        FeatureFlag c = flag(other, "c", t(2));
        List.of(a, b, c).forEach(store()::insert);

        assertThat(store().findByIds(env, List.of(a.id(), b.id(), c.id(), UUID.randomUUID())))
                .extracting(FeatureFlag::key).containsExactlyInAnyOrder("a", "b");
        assertThat(store().findByIds(env, List.of())).isEmpty();
    }

    @Test
    void keysAreUniquePerEnvironmentIgnoringCase() {
        UUID env = UUID.randomUUID();
        store().insert(flag(env, "Dup.Key", t(0)));

        assertThat(store().keyUsed(env, "Dup.Key")).isTrue();
        assertThat(store().keyUsed(env, "dup.key")).isTrue();
        assertThat(store().keyUsed(env, "dupxkey")).as("the dot is literal").isFalse();
        assertThat(store().keyUsed(env, "Dup")).isFalse();
        assertThat(store().keyUsed(UUID.randomUUID(), "Dup.Key")).isFalse();
        assertThatThrownBy(() -> store().insert(flag(env, "DUP.KEY", t(1)))).isInstanceOf(DuplicateKeyException.class);
        store().insert(flag(UUID.randomUUID(), "Dup.Key", t(1)));
        assertThat(store().all(env, false)).hasSize(1);
    }

    @Test
    void listFiltersSortsAndPagesWithTheTotal() {
        UUID env = UUID.randomUUID();
        List<FeatureFlag> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Flags.Edit e = edit(flag(env, "k" + i, t(i)));
            e.name = i % 2 == 0 ? "Even " + i : "Odd " + i;
            e.tags = i % 3 == 0 ? List.of("three", "all") : List.of("all");
            e.isEnabled = i < 3;
            made.add(e.build());
        }
        Flags.Edit archived = edit(flag(env, "k-archived", t(100)));
        archived.isArchived = true;
        made.add(archived.build());
        made.forEach(store()::insert);

        FlagStore.Filter none = new FlagStore.Filter(null, List.of(), null, false, null);
        PagedResult<FeatureFlag> first = store().list(env, none, new Paging(0, 3));
        assertThat(first.totalCount()).isEqualTo(7);
        assertThat(keys(first.items())).containsExactly("k6", "k5", "k4");
        assertThat(keys(store().list(env, none, new Paging(2, 3)).items())).containsExactly("k0");
        assertThat(store().list(env, none, new Paging(3, 3)).items()).isEmpty();
        assertThat(store().list(env, none, new Paging(0, 0)).items()).isEmpty();

        assertThat(keys(store().list(env, new FlagStore.Filter(null, List.of(), null, false, "key"), new Paging(0, 10)).items()))
                .containsExactly("k0", "k1", "k2", "k3", "k4", "k5", "k6");
        assertThat(keys(store().list(env, new FlagStore.Filter("  oDD ", List.of(), null, false, null), new Paging(0, 10)).items()))
                .containsExactly("k5", "k3", "k1");
        assertThat(keys(store().list(env, new FlagStore.Filter("K4", List.of(), null, false, null), new Paging(0, 10)).items()))
                .as("name searches the key too").containsExactly("k4");
        assertThat(store().list(env, new FlagStore.Filter("k.", List.of(), null, false, null), new Paging(0, 10)).totalCount())
                .as("search text is literal").isZero();
        assertThat(keys(store().list(env, new FlagStore.Filter(null, List.of("all", "three"), null, false, null), new Paging(0, 10)).items()))
                .containsExactly("k6", "k3", "k0");
        assertThat(keys(store().list(env, new FlagStore.Filter(null, List.of(), true, false, null), new Paging(0, 10)).items()))
                .containsExactly("k2", "k1", "k0");
        assertThat(keys(store().list(env, new FlagStore.Filter(null, List.of(), false, false, null), new Paging(0, 2)).items()))
                .containsExactly("k6", "k5");
        PagedResult<FeatureFlag> arch = store().list(env, new FlagStore.Filter(null, List.of(), null, true, null), new Paging(0, 10));
        assertThat(arch.totalCount()).isEqualTo(1);
        assertThat(keys(arch.items())).containsExactly("k-archived");
    }

    @Test
    void equalCreationTimesAreOrderedByIdAsPostgresOrdersUuids() {
        UUID env = UUID.randomUUID();
        List<FeatureFlag> made = new ArrayList<>();
        // Ids with and without the top bit set: Java's signed UUID order differs from the databases' byte order.
        int i = 0;
        for (String id : List.of("f0000000-0000-4000-8000-000000000001", "10000000-0000-4000-8000-000000000001",
                "80000000-0000-4000-8000-000000000001", "7fffffff-0000-4000-8000-000000000001",
                "10000000-0000-4000-f000-000000000001", "10000000-0000-4000-0000-000000000001")) {
            made.add(flag(withRandomTail(id), env, "same-" + i++, t(5)));
        }
        made.forEach(store()::insert);
        List<UUID> expected = made.stream().map(FeatureFlag::id).sorted(MongoQueries.UUID_ORDER).toList();

        List<FeatureFlag> listed = store().list(env, new FlagStore.Filter(null, List.of(), null, false, null), new Paging(0, 10)).items();
        assertThat(listed).extracting(FeatureFlag::id).containsExactlyElementsOf(expected);
        List<UUID> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            store().list(env, new FlagStore.Filter(null, List.of(), null, false, null), new Paging(page, 2)).items()
                    .forEach(f -> paged.add(f.id()));
        }
        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(store().all(env, false)).extracting(FeatureFlag::id).containsExactlyElementsOf(expected);
    }

    @Test
    void allSplitsArchivedAndAllTagsListsUnarchivedTagsSorted() {
        UUID env = UUID.randomUUID();
        Flags.Edit a = edit(flag(env, "a", t(0)));
        a.tags = List.of("zeta", "Beta", "alpha");
        Flags.Edit b = edit(flag(env, "b", t(1)));
        b.tags = List.of("alpha", "gamma");
        Flags.Edit c = edit(flag(env, "c", t(2)));
        c.tags = List.of("archived-only");
        c.isArchived = true;
        List.of(a.build(), b.build(), c.build()).forEach(store()::insert);

        assertThat(keys(store().all(env, false))).containsExactly("b", "a");
        assertThat(keys(store().all(env, true))).containsExactly("c");
        assertThat(store().allTags(env)).containsExactly("Beta", "alpha", "gamma", "zeta");
        assertThat(store().allTags(UUID.randomUUID())).isEmpty();
        assertThat(store().all(UUID.randomUUID(), false)).isEmpty();
    }

    @Test
    void updateNeedsTheExpectedRevisionAndKeepsCreation() {
        UUID env = UUID.randomUUID();
        FeatureFlag f = flag(env, "upd", t(0));
        store().insert(f);
        Flags.Edit e = edit(f);
        e.revision = UUID.randomUUID();
        e.name = "Renamed";
        e.isEnabled = true;
        e.tags = List.of("x");
        e.updatedAt = t(10);
        e.updatorId = UUID.randomUUID();
        FeatureFlag after = e.build();

        assertThat(store().update(after, UUID.randomUUID())).as("stale revision").isFalse();
        assertThat(store().findById(f.id()).map(FlagStoreContract::json)).contains(json(f));
        assertThat(store().update(after, f.revision())).isTrue();
        assertThat(store().findById(f.id()).map(FlagStoreContract::json)).contains(json(after));
        assertThat(store().update(after, f.revision())).as("the revision moved on").isFalse();

        Flags.Edit sneaky = edit(after);
        sneaky.revision = UUID.randomUUID();
        sneaky.createdAt = t(99);
        sneaky.creatorId = UUID.randomUUID();
        assertThat(store().update(sneaky.build(), after.revision())).isTrue();
        FeatureFlag stored = store().findById(f.id()).orElseThrow();
        assertThat(stored.createdAt()).isEqualTo(f.createdAt());
        assertThat(stored.creatorId()).isEqualTo(f.creatorId());
        assertThat(stored.revision()).isEqualTo(sneaky.revision);

        FeatureFlag ghost = flag(env, "ghost", t(0));
        assertThat(store().update(ghost, ghost.revision())).isFalse();
        assertThat(store().find(env, "ghost")).isEmpty();
    }

    @Test
    void deleteRemovesOnlyThatFlag() {
        UUID env = UUID.randomUUID();
        FeatureFlag a = flag(env, "a", t(0));
        FeatureFlag b = flag(env, "b", t(1));
        store().insert(a);
        store().insert(b);
        store().delete(a.id());
        store().delete(UUID.randomUUID());
        assertThat(store().findById(a.id())).isEmpty();
        assertThat(store().keyUsed(env, "a")).isFalse();
        assertThat(store().findById(b.id())).isPresent();
    }

    @Test
    void referencingSegmentFindsSegmentConditionsOnlyInTheGivenEnvironments() {
        UUID env1 = UUID.randomUUID();
        UUID env2 = UUID.randomUUID();
        UUID env3 = UUID.randomUUID();
        UUID segment = UUID.randomUUID();
        Flags.Edit uses1 = edit(flag(env1, "uses1", t(0)));
        uses1.rules = List.of(segmentRule(segment.toString()));
        Flags.Edit uses2 = edit(flag(env2, "uses2", t(1)));
        uses2.rules = List.of(segmentRule(segment.toString()));
        Flags.Edit uses3 = edit(flag(env3, "uses3", t(2)));
        uses3.rules = List.of(segmentRule(segment.toString()));
        Flags.Edit mentions = edit(flag(env1, "mentions", t(3)));
        // The id as a plain attribute value is not a segment reference.
        mentions.rules = List.of(new TargetRule("r", "n", null, false,
                List.of(new Condition("c", "plan", "IsOneOf", "[\"" + segment + "\"]")),
                List.of(new RolloutVariation(ON, new double[] {0, 1}, 1))));
        Flags.Edit other = edit(flag(env1, "other", t(4)));
        other.rules = List.of(segmentRule(UUID.randomUUID().toString()));
        List.of(uses1.build(), uses2.build(), uses3.build(), mentions.build(), other.build()).forEach(store()::insert);

        List<FeatureFlag> found = store().referencingSegment(List.of(env1, env2), segment);
        List<UUID> envOrder = List.of(env1, env2).stream().sorted(MongoQueries.UUID_ORDER).toList();
        assertThat(found).extracting(FeatureFlag::envId).containsExactlyElementsOf(envOrder);
        assertThat(keys(found)).containsExactlyInAnyOrder("uses1", "uses2");
        assertThat(store().referencingSegment(List.of(), segment)).isEmpty();
        assertThat(store().referencingSegment(List.of(env1), UUID.randomUUID())).isEmpty();
    }

    @Test
    void touchSetsUpdatedAtAndUpdatorButNotTheRevision() {
        UUID env = UUID.randomUUID();
        FeatureFlag a = flag(env, "a", t(0));
        FeatureFlag b = flag(env, "b", t(1));
        FeatureFlag c = flag(env, "c", t(2));
        List.of(a, b, c).forEach(store()::insert);
        UUID operator = UUID.randomUUID();
        store().touch(List.of(a.id(), b.id()), t(50), operator);
        store().touch(List.of(), t(60), operator);

        for (FeatureFlag before : List.of(a, b)) {
            FeatureFlag after = store().findById(before.id()).orElseThrow();
            assertThat(after.updatedAt()).isEqualTo(t(50));
            assertThat(after.updatorId()).isEqualTo(operator);
            assertThat(after.revision()).isEqualTo(before.revision());
        }
        assertThat(store().findById(c.id()).map(FlagStoreContract::json)).contains(json(c));
    }

    @Test
    void revisionsKeepTheFlagAndTheCommentCutAt512() {
        UUID env = UUID.randomUUID();
        FeatureFlag f = flag(env, "rev", t(0));
        store().insert(f);
        Flags.Edit e = edit(f);
        e.revision = UUID.randomUUID();
        e.name = "second";
        FeatureFlag second = e.build();
        store().insertRevision(f, null);
        store().insertRevision(second, "x".repeat(600));

        List<FlagStore.Revision> revisions = new ArrayList<>(store().revisions(f.id()));
        revisions.sort(Comparator.comparing(r -> r.flag().name()));
        assertThat(revisions).hasSize(2);
        assertThat(json(revisions.get(0).flag())).isEqualTo(json(f));
        assertThat(revisions.get(0).comment()).isEmpty();
        assertThat(json(revisions.get(1).flag())).isEqualTo(json(second));
        assertThat(revisions.get(1).comment()).isEqualTo("x".repeat(512));
        assertThat(revisions.get(0).id()).isNotEqualTo(revisions.get(1).id());
        assertThat(store().revisions(UUID.randomUUID())).isEmpty();
    }

    /** As the API calls it: inside a (possibly no-op) transaction, so the Mongo store's name lock is held. */
    @Test
    void concurrentInsertsOfOneKeyStoreOneFlag() throws Exception {
        UUID env = UUID.randomUUID();
        var tx = new org.springframework.transaction.support.TransactionTemplate(new io.toggleworks.api.db.NoTransactions());
        List<java.util.concurrent.Callable<Boolean>> inserts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String key = i % 2 == 0 ? "race" : "RACE";
            inserts.add(() -> {
                try {
                    tx.executeWithoutResult(s -> store().insert(flag(env, key, t(0))));
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
        assertThat(store().all(env, false)).hasSize(1);
    }
}
