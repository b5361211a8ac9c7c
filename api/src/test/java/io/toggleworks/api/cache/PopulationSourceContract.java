package io.toggleworks.api.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.segments.SegmentEntity;
import io.toggleworks.api.segments.SegmentScopes;
import io.toggleworks.api.segments.SegmentStore;
import io.toggleworks.api.tenancy.Secret;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Fallthrough;
import io.toggleworks.core.flag.RolloutVariation;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.spi.cache.SecretEntry;
import io.toggleworks.spi.cache.SegmentEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What {@link DatabasePopulationSource} reads to fill the cache, and the {@link CacheQueries} it and the cache
 * listeners use, run once per main database. The database is shared with other suites: only this test's own
 * organization is looked at.
 */
abstract class PopulationSourceContract {
    protected abstract CacheQueries queries();

    protected abstract FlagStore flags();

    protected abstract SegmentStore segments();

    protected abstract SegmentScopes scopes();

    protected abstract void insertOrganization(UUID id, UUID workspaceId, String key);

    protected abstract void insertProject(UUID id, UUID organizationId, String key);

    protected abstract void insertEnvironment(UUID id, UUID projectId, String key, List<Secret> secrets);

    static final Instant T = Instant.parse("2026-01-01T00:00:00.250Z");

    static FeatureFlag flag(UUID envId, String key, boolean archived) {
        return new FeatureFlag(UUID.randomUUID(), envId, UUID.randomUUID(), "Flag " + key, "", key, "boolean",
                List.of(new Variation("on", "On", "true"), new Variation("off", "Off", "false")), List.of(), List.of(), true,
                "off", new Fallthrough(null, false, List.of(new RolloutVariation("on", new double[] {0, 1}, 1))), false,
                List.of(), archived, T, T, UUID.randomUUID(), UUID.randomUUID());
    }

    static SegmentEntity segment(UUID ws, UUID envId, String key, String type, List<String> scopes) {
        return new SegmentEntity(UUID.randomUUID(), ws, envId, "Segment " + key, key, type, scopes, "", List.of("u1"),
                List.of(), List.of(), List.of(), false, T, T);
    }

    @Test
    void readsEveryFlagSegmentAndSecretWithTheEnvironmentsTheyApplyTo() {
        UUID ws = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID dev = UUID.randomUUID();
        UUID prod = UUID.randomUUID();
        String orgKey = "o-" + org.toString().substring(0, 8);
        insertOrganization(org, ws, orgKey);
        insertProject(project, org, "p1");
        insertEnvironment(dev, project, "dev", List.of(new Secret("s1", "Server", "server", "dev-server-secret"),
                new Secret("s2", "Client", "client", "dev-client-secret"), new Secret("s3", "Odd", "odd", "x"),
                new Secret("s4", "Blank", "server", " ")));
        insertEnvironment(prod, project, "prod", List.of(new Secret("s5", "Server", "server", "prod-server-secret")));

        FeatureFlag live = flag(dev, "live", false);
        FeatureFlag archived = flag(dev, "archived", true);
        FeatureFlag inProd = flag(prod, "in-prod", false);
        for (FeatureFlag f : List.of(live, archived, inProd)) {
            flags().insert(f);
        }
        SegmentEntity own = segment(ws, dev, "own", SegmentEntity.ENVIRONMENT_SPECIFIC, List.of());
        SegmentEntity wide = segment(ws, dev, "wide", SegmentEntity.SHARED, List.of("organization/" + orgKey + ":project/p1"));
        SegmentEntity prodOnly = segment(ws, dev, "prod-only", SegmentEntity.SHARED,
                List.of("organization/" + orgKey + ":project/p1:env/prod"));
        for (SegmentEntity s : List.of(own, wide, prodOnly)) {
            segments().insert(s);
        }
        DatabasePopulationSource source = new DatabasePopulationSource(queries(), flags(), segments(), scopes());

        assertThat(queries().environmentIds()).contains(dev, prod);
        assertThat(queries().segmentIds()).contains(own.id(), wide.id(), prodOnly.id());

        List<FeatureFlag> flagsRead = new ArrayList<>();
        source.flags(f -> {
            if (f.envId().equals(dev) || f.envId().equals(prod)) {
                flagsRead.add(f);
            }
        });
        assertThat(flagsRead).extracting(FeatureFlag::id).containsExactlyInAnyOrder(live.id(), archived.id(), inProd.id());
        assertThat(flagsRead).filteredOn(f -> f.id().equals(archived.id())).singleElement()
                .extracting(FeatureFlag::isArchived).isEqualTo(true);

        Set<UUID> mine = Set.of(own.id(), wide.id(), prodOnly.id());
        List<SegmentEntry> segmentsRead = new ArrayList<>();
        source.segments(e -> {
            if (mine.contains(e.segment().id())) {
                segmentsRead.add(e);
            }
        });
        Map<UUID, SegmentEntry> byId = segmentsRead.stream().collect(Collectors.toMap(e -> e.segment().id(), Function.identity()));
        assertThat(byId).containsOnlyKeys(own.id(), wide.id(), prodOnly.id());
        assertThat(byId.get(own.id()).shared()).isFalse();
        assertThat(byId.get(own.id()).envIds()).containsExactly(dev);
        assertThat(byId.get(own.id()).segment().included()).containsExactly("u1");
        assertThat(byId.get(wide.id()).shared()).isTrue();
        assertThat(byId.get(wide.id()).envIds()).containsExactlyInAnyOrder(dev, prod);
        assertThat(byId.get(prodOnly.id()).envIds()).containsExactly(prod);

        List<SecretEntry> secretsRead = new ArrayList<>();
        source.secrets(s -> {
            if (s.organizationId().equals(org)) {
                secretsRead.add(s);
            }
        });
        assertThat(secretsRead).containsExactlyInAnyOrder(
                new SecretEntry("dev-server-secret", SecretType.SERVER, org, orgKey, project, "p1", dev, "dev"),
                new SecretEntry("dev-client-secret", SecretType.CLIENT, org, orgKey, project, "p1", dev, "dev"),
                new SecretEntry("prod-server-secret", SecretType.SERVER, org, orgKey, project, "p1", prod, "prod"));

        assertThat(queries().segmentType(own.id())).contains(SegmentEntity.ENVIRONMENT_SPECIFIC);
        assertThat(queries().segmentType(wide.id())).contains(SegmentEntity.SHARED);
        assertThat(queries().segmentType(UUID.randomUUID())).isEmpty();
        assertThat(queries().organizationKey(org)).isEqualTo(orgKey);
        assertThat(queries().organizationKey(UUID.randomUUID())).isEmpty();
    }

    /** An environment whose project is gone has no secrets in the cache (the SQL join drops it). */
    @Test
    void anEnvironmentWithoutItsProjectHasNoSecrets() {
        UUID env = UUID.randomUUID();
        insertEnvironment(env, UUID.randomUUID(), "orphan", List.of(new Secret("s", "S", "server", "orphan-" + env)));
        List<SecretEntry> read = new ArrayList<>();
        new DatabasePopulationSource(queries(), flags(), segments(), scopes()).secrets(s -> {
            if (s.envId().equals(env)) {
                read.add(s);
            }
        });
        assertThat(read).isEmpty();
        assertThat(queries().environmentIds()).contains(env);
    }
}
