package io.toggleworks.api.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link PolicyStore} does, on PostgreSQL and on MongoDB. */
abstract class PolicyStoreContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected abstract StoreFixtures fx();

    private PolicyStore store() {
        return fx().policies();
    }

    static Policy policy(UUID org, String name, String key, Instant createdAt, PolicyStatement... statements) {
        return new Policy(UUID.randomUUID(), Optional.ofNullable(org), name, key, "d " + name,
                org == null ? Policy.SYS_MANAGED : Policy.CUSTOMER_MANAGED, List.of(statements), createdAt, createdAt);
    }

    static PolicyStatement statement(String id, String... actions) {
        return new PolicyStatement(id, "flag", PolicyStatement.ALLOW, List.of(actions), List.of("project/*:env/*:flag/*"));
    }

    @Test
    void insertsAndFindsOwnAndBuiltInPolicies() {
        UUID org = UUID.randomUUID();
        Policy own = policy(org, "Own", "own", T0, statement("s1", "a", "b"), statement("s2", "*"));
        Policy builtIn = policy(null, "Sys " + UUID.randomUUID(), "sys-" + UUID.randomUUID(), T0);
        store().insert(own);
        store().insert(builtIn);

        assertThat(store().find(org, own.id())).contains(own);
        assertThat(store().find(org, builtIn.id())).contains(builtIn);
        assertThat(store().find(UUID.randomUUID(), own.id())).isEmpty();
        assertThat(store().find(UUID.randomUUID(), builtIn.id())).contains(builtIn);
        assertThat(store().find(org, UUID.randomUUID())).isEmpty();
    }

    @Test
    void findsAllVisibleOfSomeIds() {
        UUID org = UUID.randomUUID();
        Policy own = policy(org, "A", "a", T0);
        Policy other = policy(UUID.randomUUID(), "B", "b", T0);
        Policy builtIn = policy(null, "Sys " + UUID.randomUUID(), "sys-" + UUID.randomUUID(), T0);
        List.of(own, other, builtIn).forEach(store()::insert);

        assertThat(store().findAll(org, List.of(own.id(), other.id(), builtIn.id(), UUID.randomUUID())))
                .extracting(Policy::id).containsExactlyInAnyOrder(own.id(), builtIn.id());
        assertThat(store().findAll(org, List.of())).isEmpty();
    }

    @Test
    void findsByKeyAmongBuiltInOrOwn() {
        UUID org = UUID.randomUUID();
        String sysKey = "sys-" + UUID.randomUUID();
        Policy own = policy(org, "A", "mine", T0);
        Policy builtIn = policy(null, "Sys", sysKey, T0);
        store().insert(own);
        store().insert(builtIn);

        assertThat(store().findByKey(org, sysKey, true)).contains(builtIn);
        assertThat(store().findByKey(org, sysKey, false)).isEmpty();
        assertThat(store().findByKey(org, "mine", false)).contains(own);
        assertThat(store().findByKey(org, "mine", true)).isEmpty();
        assertThat(store().findByKey(org, "MINE", false)).isEmpty();
        assertThat(store().findByKey(UUID.randomUUID(), "mine", false)).isEmpty();
    }

    @Test
    void keyIsUsedIgnoringCaseAmongOwnAndBuiltIn() {
        UUID org = UUID.randomUUID();
        String sysKey = "sys-" + UUID.randomUUID();
        store().insert(policy(org, "A", "my.key", T0));
        store().insert(policy(null, "Sys", sysKey, T0));

        assertThat(store().keyUsed(org, "MY.KEY")).isTrue();
        assertThat(store().keyUsed(org, "my-key")).isFalse();
        assertThat(store().keyUsed(org, "myxkey")).as("a dot is not a wildcard").isFalse();
        assertThat(store().keyUsed(org, "my")).isFalse();
        assertThat(store().keyUsed(org, sysKey.toUpperCase())).isTrue();
        assertThat(store().keyUsed(UUID.randomUUID(), "my.key")).isFalse();
    }

    @Test
    void listsOwnAndBuiltInNewestFirstThenByNameFilteredByName() {
        UUID org = UUID.randomUUID();
        Policy old = policy(org, "Old 50%", "old", T0);
        Policy newB = policy(org, "b_new", "b", T0.plusSeconds(10));
        Policy newA = policy(org, "a new", "a", T0.plusSeconds(10));
        Policy builtIn = policy(null, "Sys " + UUID.randomUUID(), "sys-" + UUID.randomUUID(), T0.plusSeconds(5));
        List.of(old, newB, newA, builtIn).forEach(store()::insert);
        store().insert(policy(UUID.randomUUID(), "Other org", "x", T0));

        List<UUID> listed = store().list(org, null).stream().map(Policy::id).toList();
        assertThat(listed).contains(builtIn.id()).doesNotContainNull();
        assertThat(listed.stream().filter(List.of(old.id(), newB.id(), newA.id(), builtIn.id())::contains).toList())
                .containsExactly(newA.id(), newB.id(), builtIn.id(), old.id());
        assertThat(store().list(org, " ")).hasSameSizeAs(listed);
        assertThat(store().list(org, "NEW")).extracting(Policy::id).containsExactly(newA.id(), newB.id());
        assertThat(store().list(org, "50%")).extracting(Policy::id).containsExactly(old.id());
        assertThat(store().list(org, "b_")).extracting(Policy::id).containsExactly(newB.id());
        assertThat(store().list(org, "a_new")).as("an underscore is not a wildcard").isEmpty();
        assertThat(store().list(org, "(")).isEmpty();
    }

    @Test
    void updatesSettingsAndStatements() {
        UUID org = UUID.randomUUID();
        Policy p = policy(org, "A", "a", T0, statement("s1", "x"));
        store().insert(p);

        store().updateSettings(p.id(), "Renamed", "new description");
        Policy renamed = store().find(org, p.id()).orElseThrow();
        assertThat(renamed.name()).isEqualTo("Renamed");
        assertThat(renamed.description()).isEqualTo("new description");
        assertThat(renamed.statements()).isEqualTo(p.statements());
        assertThat(renamed.updatedAt()).isAfter(T0);
        assertThat(renamed.createdAt()).isEqualTo(T0);

        List<PolicyStatement> statements = List.of(statement("n1", "y", "z"),
                new PolicyStatement("n2", "project", PolicyStatement.DENY, List.of("CanAccessProject"), List.of("project/p1")));
        store().updateStatements(p.id(), statements);
        assertThat(store().find(org, p.id()).orElseThrow().statements()).isEqualTo(statements);
        store().updateStatements(p.id(), List.of());
        assertThat(store().find(org, p.id()).orElseThrow().statements()).isEmpty();
    }

    @Test
    void deletesThePolicyAndWhatGrantsIt() {
        UUID org = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID group = UUID.randomUUID();
        Policy p = policy(org, "A", "a", T0);
        Policy kept = policy(org, "B", "b", T0);
        store().insert(p);
        store().insert(kept);
        fx().links().grant(org, member, p.id());
        fx().links().grant(org, member, kept.id());
        fx().groups().addPolicy(group, p.id());

        store().delete(p.id());

        assertThat(store().find(org, p.id())).isEmpty();
        assertThat(fx().members().directPolicyIds(org, member)).containsExactly(kept.id());
        assertThat(fx().groups().groupIdsWithPolicy(p.id())).isEmpty();
        assertThat(fx().members().memberIdsWithPolicy(org, p.id())).isEmpty();
    }

    @Test
    void aMembersPoliciesAreDirectAndOfTheirGroupsOldestFirstOnePerName() {
        UUID org = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID group = UUID.randomUUID();
        Policy builtIn = policy(null, "Sys " + UUID.randomUUID(), "sys-" + UUID.randomUUID(), T0, statement("s0", "*"));
        Policy direct = policy(org, "Direct", "direct", T0.plusSeconds(1), statement("s1", "a"));
        Policy viaGroup = policy(org, "Group", "group", T0.plusSeconds(2), statement("s2", "b"));
        Policy sameNameLater = policy(org, "Direct", "direct-2", T0.plusSeconds(3), statement("s3", "c"));
        Policy otherOrgGrant = policy(org, "Elsewhere", "elsewhere", T0.plusSeconds(4));
        List.of(builtIn, direct, viaGroup, sameNameLater, otherOrgGrant).forEach(store()::insert);
        fx().links().grant(org, member, builtIn.id());
        fx().links().grant(org, member, direct.id());
        fx().links().addToGroup(org, group, member);
        fx().groups().addPolicy(group, viaGroup.id());
        fx().groups().addPolicy(group, sameNameLater.id());
        fx().groups().addPolicy(group, direct.id());
        fx().links().grant(UUID.randomUUID(), member, otherOrgGrant.id());

        assertThat(store().policiesOfMember(org, member)).extracting(Policy::id)
                .containsExactly(builtIn.id(), direct.id(), viaGroup.id());
        assertThat(store().statementsOfMember(org, member)).extracting(PolicyStatement::id).containsExactly("s0", "s1", "s2");
        assertThat(store().policiesOfMember(org, UUID.randomUUID())).isEmpty();
        assertThat(store().statementsOfMember(UUID.randomUUID(), member)).isEmpty();
    }
}
