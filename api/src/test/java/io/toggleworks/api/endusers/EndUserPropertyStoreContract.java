package io.toggleworks.api.endusers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link EndUserPropertyStore} does, run once per main database; each test uses fresh environments. */
abstract class EndUserPropertyStoreContract {
    protected abstract EndUserPropertyStore store();

    /** A built-in property, as creating an environment writes them. */
    protected abstract void insertBuiltIn(UUID envId, String name, Instant createdAt);

    static Instant t(long second) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second).plusMillis(500);
    }

    static EndUserProperty property(UUID id, UUID envId, String name, long second) {
        return new EndUserProperty(id, envId, name,
                List.of(new EndUserProperty.PresetValue("p1", "gold", "best"), new EndUserProperty.PresetValue("p2", "tin", "")),
                true, false, true, "about " + name, t(second), t(second));
    }

    @Test
    void upsertInsertsThenReplacesKeepingCreatedAt() {
        UUID env = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        EndUserProperty p = property(id, env, "plan", 1);
        store().upsert(p);
        assertThat(store().find(env, id)).contains(p);
        assertThat(store().findById(id)).contains(p);
        assertThat(store().find(UUID.randomUUID(), id)).isEmpty();

        EndUserProperty edited = new EndUserProperty(id, env, "tier", List.of(), false, false, false, "", t(1), t(9));
        store().upsert(edited);
        assertThat(store().find(env, id)).contains(edited);
        assertThat(store().names(env)).containsExactly("tier");

        store().delete(id);
        assertThat(store().findById(id)).isEmpty();
        assertThat(store().list(env)).isEmpty();
    }

    @Test
    void listHasBuiltInsFirstThenByCreationAndName() {
        UUID env = UUID.randomUUID();
        store().upsert(property(UUID.randomUUID(), env, "zeta", 1));
        store().upsert(property(UUID.randomUUID(), env, "beta", 2));
        store().upsert(property(UUID.randomUUID(), env, "alpha", 2));
        insertBuiltIn(env, "keyId", t(5));
        store().upsert(property(UUID.randomUUID(), UUID.randomUUID(), "elsewhere", 0));
        List<EndUserProperty> list = store().list(env);
        assertThat(list).extracting(EndUserProperty::name).containsExactly("keyId", "zeta", "alpha", "beta");
        assertThat(list.getFirst().isBuiltIn()).isTrue();
        assertThat(store().names(env)).containsExactlyInAnyOrder("keyId", "zeta", "alpha", "beta");
    }

    @Test
    void nameUsedLooksAtOtherPropertiesOfTheEnvironment() {
        UUID env = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        store().upsert(property(id, env, "plan", 1));
        assertThat(store().nameUsed(env, "plan", UUID.randomUUID())).isTrue();
        assertThat(store().nameUsed(env, "plan", id)).isFalse();
        assertThat(store().nameUsed(env, "Plan", UUID.randomUUID())).isFalse();
        assertThat(store().nameUsed(UUID.randomUUID(), "plan", UUID.randomUUID())).isFalse();
    }

    @Test
    void addMissingAddsUnknownValidNamesOnce() {
        UUID env = UUID.randomUUID();
        store().upsert(property(UUID.randomUUID(), env, "known", 1));
        List<String> names = new ArrayList<>(List.of("known", "new1", "new2", "new1", "", " ", "x".repeat(129)));
        names.add(null);
        assertThat(store().addMissing(env, names)).isEqualTo(2);
        assertThat(store().addMissing(env, List.of("new1", "new2"))).isZero();
        assertThat(store().addMissing(env, List.of())).isZero();
        assertThat(store().names(env)).containsExactlyInAnyOrder("known", "new1", "new2");
        EndUserProperty added = store().list(env).stream().filter(p -> p.name().equals("new1")).findFirst().orElseThrow();
        assertThat(added.presetValues()).isEmpty();
        assertThat(added.isBuiltIn()).isFalse();
        assertThat(added.isDigestField()).isFalse();
        assertThat(added.usePresetValuesOnly()).isFalse();
        assertThat(added.remark()).isEmpty();
        assertThat(added.envId()).isEqualTo(env);
        assertThat(added.createdAt()).isNotNull();
    }

    /** A name added, its property renamed, then the name added again: the name is back. */
    @Test
    void addMissingAfterARenameAddsTheNameAgain() {
        UUID env = UUID.randomUUID();
        assertThat(store().addMissing(env, List.of("color"))).isEqualTo(1);
        EndUserProperty color = store().list(env).getFirst();
        store().upsert(new EndUserProperty(color.id(), env, "colour", List.of(), false, false, false, "", color.createdAt(), t(3)));
        assertThat(store().addMissing(env, List.of("color"))).isEqualTo(1);
        assertThat(store().names(env)).containsExactlyInAnyOrder("color", "colour");
    }
}
