package io.toggleworks.testkit.store;

import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.flag.Fallthrough;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.RolloutVariation;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.TargetUser;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.core.segment.MatchRule;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.testkit.store.StoreSeed.Environment;
import io.toggleworks.testkit.store.StoreSeed.Secret;
import io.toggleworks.testkit.store.StoreSeed.SeedSegment;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link EvaluationStore} (evaluation-server.md §7.2), run by every implementation (Flipt's "one
 * suite for every back end"). Subclass it in the provider module's tests:
 * <ul>
 *   <li>{@link #seed} writes {@link #SEED} into a new, empty database the way FeatBit stores it;</li>
 *   <li>{@link #openStore} opens the store under test on that database (the suite closes it);</li>
 *   <li>{@link #openUnreachableStore} (optional) opens one configured for a server that does not answer;</li>
 *   <li>{@link #cleanUp} (optional) removes the database.</li>
 * </ul>
 * The data is seeded once per class; no case writes, so the cases are independent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EvaluationStoreConformanceTest {

    // --- Tenancy: two workspaces whose organizations share the key "org", so only workspaceId tells them apart.
    protected static final UUID WORKSPACE = UUID.randomUUID();
    protected static final UUID OTHER_WORKSPACE = UUID.randomUUID();
    protected static final UUID ORG = UUID.randomUUID();
    protected static final UUID OTHER_ORG = UUID.randomUUID();
    protected static final UUID PROJECT = UUID.randomUUID();
    protected static final UUID PROJECT2 = UUID.randomUUID();
    protected static final UUID OTHER_PROJECT = UUID.randomUUID();

    /** organization/org:project/proj:env/prod */
    protected static final UUID PROD = UUID.randomUUID();
    /** organization/org:project/proj:env/production: "env/prod" is a string prefix of it but not a scope of it. */
    protected static final UUID PRODUCTION = UUID.randomUUID();
    /** organization/org:project/proj2:env/dev */
    protected static final UUID DEV2 = UUID.randomUUID();
    /** organization/org:project/proj:env/prod of the other workspace. */
    protected static final UUID OTHER_PROD = UUID.randomUUID();

    protected static final String PROD_SERVER = EnvironmentSecret.create(PROD);
    protected static final String PROD_CLIENT = EnvironmentSecret.create(PROD);
    protected static final String PRODUCTION_SERVER = EnvironmentSecret.create(PRODUCTION);

    // --- Times. Whole milliseconds, except one flag 1.2345 ms past a whole second: stores compare updatedAt
    // truncated to milliseconds, so "after T" is strict on the truncated value.
    protected static final Instant RICH_AT = Instant.parse("2024-06-01T00:00:00.500Z");
    protected static final Instant SUB_MS_AT = Instant.parse("2024-01-01T00:00:00.0012345Z");
    protected static final Instant ARCHIVED_AT = Instant.parse("2024-03-01T00:00:00Z");
    protected static final Instant SEGMENT_AT = Instant.parse("2024-05-01T00:00:00.250Z");
    protected static final Instant SHARED_AT = Instant.parse("2024-05-02T00:00:00Z");
    protected static final Instant CREATED_AT = Instant.parse("2023-12-24T10:20:30.456Z");

    protected static final FeatureFlag RICH = richFlag(UUID.randomUUID(), PROD, "rich-flag", RICH_AT);
    protected static final FeatureFlag SUB_MS = flag(UUID.randomUUID(), PROD, "sub-ms-flag", SUB_MS_AT, false);
    protected static final FeatureFlag ARCHIVED = flag(UUID.randomUUID(), PROD, "archived-flag", ARCHIVED_AT, true);
    protected static final FeatureFlag PRODUCTION_FLAG = flag(UUID.randomUUID(), PRODUCTION, "rich-flag", RICH_AT, false);
    protected static final FeatureFlag OTHER_WORKSPACE_FLAG = flag(UUID.randomUUID(), OTHER_PROD, "rich-flag", RICH_AT, false);

    private static final String ORG_RN = "organization/org";
    private static final String PROJ_RN = ORG_RN + ":project/proj";
    private static final String PROJ2_RN = ORG_RN + ":project/proj2";

    protected static final SeedSegment PROD_SPECIFIC = segment(PROD, WORKSPACE, "environment-specific", SEGMENT_AT, false, PROJ_RN + ":env/prod");
    protected static final SeedSegment PRODUCTION_SPECIFIC = segment(PRODUCTION, WORKSPACE, "environment-specific", SEGMENT_AT, false, PROJ_RN + ":env/production");
    protected static final SeedSegment PROD_ARCHIVED = segment(PROD, WORKSPACE, "environment-specific", SHARED_AT, true, PROJ_RN + ":env/prod");
    protected static final SeedSegment SHARED_ORG = segment(DEV2, WORKSPACE, "shared", SHARED_AT, false, ORG_RN);
    protected static final SeedSegment SHARED_PROJECT = segment(PRODUCTION, WORKSPACE, "shared", SHARED_AT, false, PROJ_RN);
    // Owned by prod but scoped to production only: ownership does not make a shared segment visible.
    protected static final SeedSegment SHARED_PRODUCTION_ONLY = segment(PROD, WORKSPACE, "shared", SHARED_AT, false, PROJ_RN + ":env/production");
    protected static final SeedSegment SHARED_TWO_SCOPES = segment(DEV2, WORKSPACE, "shared", SHARED_AT, false, PROJ2_RN, PROJ_RN + ":env/prod");
    // Two of its scopes cover prod and production: it must still come once.
    protected static final SeedSegment SHARED_OVERLAPPING = segment(PROD, WORKSPACE, "shared", SHARED_AT, false, ORG_RN, PROJ_RN);
    protected static final SeedSegment OTHER_WORKSPACE_SHARED = segment(OTHER_PROD, OTHER_WORKSPACE, "shared", SHARED_AT, false, ORG_RN);

    protected static final StoreSeed SEED = new StoreSeed(
            List.of(
                    new Environment(WORKSPACE, ORG, "org", PROJECT, "proj", PROD, "prod", List.of(
                            new Secret(UUID.randomUUID().toString(), "Server Key", "server", PROD_SERVER),
                            new Secret(UUID.randomUUID().toString(), "Client Key", "client", PROD_CLIENT))),
                    new Environment(WORKSPACE, ORG, "org", PROJECT, "proj", PRODUCTION, "production", List.of(
                            new Secret(UUID.randomUUID().toString(), "Server Key", "server", PRODUCTION_SERVER))),
                    new Environment(WORKSPACE, ORG, "org", PROJECT2, "proj2", DEV2, "dev", List.of()),
                    new Environment(OTHER_WORKSPACE, OTHER_ORG, "org", OTHER_PROJECT, "proj", OTHER_PROD, "prod", List.of(
                            new Secret(UUID.randomUUID().toString(), "Server Key", "server", EnvironmentSecret.create(OTHER_PROD))))),
            List.of(RICH, SUB_MS, ARCHIVED, PRODUCTION_FLAG, OTHER_WORKSPACE_FLAG),
            List.of(PROD_SPECIFIC, PRODUCTION_SPECIFIC, PROD_ARCHIVED, SHARED_ORG, SHARED_PROJECT, SHARED_PRODUCTION_ONLY,
                    SHARED_TWO_SCOPES, SHARED_OVERLAPPING, OTHER_WORKSPACE_SHARED));

    private EvaluationStore store;
    private final List<EvaluationStore> opened = new ArrayList<>();

    /** Writes the seed into a new, empty database, as FeatBit would have stored it. */
    protected abstract void seed(StoreSeed seed) throws Exception;

    /** A store on the seeded database, as the Evaluation Server would open it (normally through its provider). */
    protected abstract EvaluationStore openStore() throws Exception;

    /**
     * A store configured for a server that does not answer (e.g. a closed port), or empty to skip that case.
     * It should give up within seconds.
     */
    protected Optional<EvaluationStore> openUnreachableStore() throws Exception {
        return Optional.empty();
    }

    /** Removes what {@link #seed} created; called after every store is closed. */
    protected void cleanUp() throws Exception {
    }

    @BeforeAll
    final void seedAndOpen() throws Exception {
        seed(SEED);
        store = track(openStore());
    }

    @AfterAll
    final void closeAndCleanUp() throws Exception {
        try {
            for (EvaluationStore s : opened) {
                s.close();
            }
        } finally {
            cleanUp();
        }
    }

    protected final EvaluationStore store() {
        return store;
    }

    private EvaluationStore track(EvaluationStore s) {
        opened.add(s);
        return s;
    }

    // ----------------------------------------------------------------------------------------------- flags

    @Test
    void flagsOfAnEnvironmentIncludeArchivedOnesAndNoOtherEnvironments() {
        assertThat(store.flagsUpdatedAfter(PROD, 0)).extracting(FeatureFlag::id)
                .containsExactlyInAnyOrder(RICH.id(), SUB_MS.id(), ARCHIVED.id());
        assertThat(store.flagsUpdatedAfter(PRODUCTION, 0)).extracting(FeatureFlag::id).containsExactly(PRODUCTION_FLAG.id());
        assertThat(store.flagsUpdatedAfter(DEV2, 0)).isEmpty();
        assertThat(store.flagsUpdatedAfter(UUID.randomUUID(), 0)).isEmpty();
    }

    @Test
    void flagsUpdatedAfterIsStrictOnMilliseconds() {
        long rich = RICH_AT.toEpochMilli();
        assertThat(ids(store.flagsUpdatedAfter(PROD, rich - 1))).containsExactly(RICH.id());
        assertThat(store.flagsUpdatedAfter(PROD, rich)).isEmpty();
        assertThat(ids(store.flagsUpdatedAfter(PROD, ARCHIVED_AT.toEpochMilli()))).containsExactly(RICH.id());
        assertThat(ids(store.flagsUpdatedAfter(PROD, ARCHIVED_AT.toEpochMilli() - 1))).containsExactlyInAnyOrder(RICH.id(), ARCHIVED.id());
    }

    @Test
    void subMillisecondUpdateTimesAreTruncatedBeforeComparing() {
        long truncated = SUB_MS_AT.toEpochMilli(); // ...00.001
        assertThat(ids(store.flagsUpdatedAfter(PROD, truncated))).doesNotContain(SUB_MS.id());
        assertThat(ids(store.flagsUpdatedAfter(PROD, truncated - 1))).contains(SUB_MS.id());
        FeatureFlag read = store.flagsByIds(List.of(SUB_MS.id())).getFirst();
        assertThat(read.version()).isEqualTo(truncated);
    }

    @Test
    void aFlagDocumentComesBackWhole() {
        assertThat(store.flagsByIds(List.of(RICH.id()))).containsExactly(RICH);
        FeatureFlag fromSync = store.flagsUpdatedAfter(PROD, RICH_AT.toEpochMilli() - 1).getFirst();
        assertThat(fromSync).isEqualTo(RICH);
        assertThat(fromSync.rules().get(0).dispatchKey()).isNull();
        assertThat(fromSync.rules().get(1).dispatchKey()).isEqualTo("country");
        assertThat(fromSync.fallthrough().variations()).hasSize(2);
        assertThat(store.flagsByIds(List.of(ARCHIVED.id())).getFirst().isArchived()).isTrue();
    }

    @Test
    void flagsByIdsSpansEnvironmentsAndIgnoresUnknownIds() {
        assertThat(ids(store.flagsByIds(List.of(SUB_MS.id(), PRODUCTION_FLAG.id(), OTHER_WORKSPACE_FLAG.id(), UUID.randomUUID()))))
                .containsExactlyInAnyOrder(SUB_MS.id(), PRODUCTION_FLAG.id(), OTHER_WORKSPACE_FLAG.id());
        assertThat(store.flagsByIds(List.of(UUID.randomUUID()))).isEmpty();
        assertThat(store.flagsByIds(List.of())).isEmpty();
    }

    // -------------------------------------------------------------------------------------------- segments

    @Test
    void aSegmentIsFoundByIdWithItsOwningEnvironment() {
        assertThat(store.segment(PROD_SPECIFIC.segment().id())).contains(PROD_SPECIFIC.segment());
        assertThat(store.segment(SHARED_ORG.segment().id())).contains(SHARED_ORG.segment());
        assertThat(store.segment(PROD_ARCHIVED.segment().id()).orElseThrow().isArchived()).isTrue();
        assertThat(store.segment(UUID.randomUUID())).isEmpty();
    }

    @Test
    void segmentsOfAnEnvironmentAreItsOwnPlusSharedOnesInScope() {
        assertThat(segmentIds(PROD, 0)).containsExactlyInAnyOrder(
                PROD_SPECIFIC.segment().id(), PROD_ARCHIVED.segment().id(), SHARED_ORG.segment().id(),
                SHARED_PROJECT.segment().id(), SHARED_TWO_SCOPES.segment().id(), SHARED_OVERLAPPING.segment().id());
        assertThat(segmentIds(PRODUCTION, 0)).containsExactlyInAnyOrder(
                PRODUCTION_SPECIFIC.segment().id(), SHARED_ORG.segment().id(), SHARED_PROJECT.segment().id(),
                SHARED_PRODUCTION_ONLY.segment().id(), SHARED_OVERLAPPING.segment().id());
        assertThat(segmentIds(DEV2, 0)).containsExactlyInAnyOrder(SHARED_ORG.segment().id(), SHARED_TWO_SCOPES.segment().id(),
                SHARED_OVERLAPPING.segment().id());
        assertThat(segmentIds(OTHER_PROD, 0)).containsExactly(OTHER_WORKSPACE_SHARED.segment().id());
        assertThat(store.segmentsUpdatedAfter(UUID.randomUUID(), 0)).isEmpty();
    }

    @Test
    void segmentsServedToAnEnvironmentCarryThatEnvironmentsId() {
        List<Segment> prod = store.segmentsUpdatedAfter(PROD, 0);
        assertThat(prod).allSatisfy(s -> assertThat(s.envId()).isEqualTo(PROD));
        Segment shared = prod.stream().filter(s -> s.id().equals(SHARED_ORG.segment().id())).findFirst().orElseThrow();
        assertThat(shared).isEqualTo(SHARED_ORG.segment().withEnvId(PROD));
        Segment own = prod.stream().filter(s -> s.id().equals(PROD_SPECIFIC.segment().id())).findFirst().orElseThrow();
        assertThat(own).isEqualTo(PROD_SPECIFIC.segment());
    }

    @Test
    void segmentsUpdatedAfterIsStrictOnMilliseconds() {
        long at = SEGMENT_AT.toEpochMilli();
        assertThat(segmentIds(PRODUCTION, at - 1)).contains(PRODUCTION_SPECIFIC.segment().id());
        assertThat(segmentIds(PRODUCTION, at)).doesNotContain(PRODUCTION_SPECIFIC.segment().id())
                .contains(SHARED_PROJECT.segment().id());
        assertThat(segmentIds(PRODUCTION, SHARED_AT.toEpochMilli())).isEmpty();
    }

    // --------------------------------------------------------------------------------------------- secrets

    @Test
    void secretsAreFoundByValueWithTypeEnvironmentAndProjectKeys() {
        assertThat(store.secret(PROD_SERVER)).contains(new SecretRecord(PROD_SERVER, SecretType.SERVER, PROD, "prod", "proj"));
        assertThat(store.secret(PROD_CLIENT)).contains(new SecretRecord(PROD_CLIENT, SecretType.CLIENT, PROD, "prod", "proj"));
        assertThat(store.secret(PRODUCTION_SERVER))
                .contains(new SecretRecord(PRODUCTION_SERVER, SecretType.SERVER, PRODUCTION, "production", "proj"));
    }

    @Test
    void unknownOrMalformedSecretsAreNotFound() {
        // Well-formed and naming a real environment, but not one of its secrets.
        assertThat(store.secret(EnvironmentSecret.create(PROD))).isEmpty();
        // Another environment's secret value with this one's tail: the tail routes the lookup.
        assertThat(store.secret(PROD_SERVER.substring(0, 22) + PRODUCTION_SERVER.substring(22))).isEmpty();
        // Well-formed but for an environment that does not exist.
        assertThat(store.secret(EnvironmentSecret.create(UUID.randomUUID()))).isEmpty();
        assertThat(store.secret("not-a-secret")).isEmpty();
        assertThat(store.secret("")).isEmpty();
        assertThat(store.secret(PROD_SERVER.toLowerCase())).isEmpty();
    }

    // -------------------------------------------------------------------------------------------- availability

    @Test
    void aReachableStoreIsAvailable() {
        assertThat(store.isAvailable()).isTrue();
    }

    @Test
    void anUnreachableStoreReportsUnavailableOnEveryRead() throws Exception {
        Optional<EvaluationStore> maybe = openUnreachableStore();
        Assumptions.assumeTrue(maybe.isPresent(), "this implementation has no unreachable-store hook");
        EvaluationStore down = track(maybe.get());
        assertThat(down.isAvailable()).isFalse();
        List<Consumer<EvaluationStore>> reads = List.of(
                s -> s.flagsUpdatedAfter(PROD, 0),
                s -> s.flagsByIds(List.of(RICH.id())),
                s -> s.segment(PROD_SPECIFIC.segment().id()),
                s -> s.segmentsUpdatedAfter(PROD, 0),
                s -> s.secret(PROD_SERVER));
        for (Consumer<EvaluationStore> read : reads) {
            assertThatThrownBy(() -> read.accept(down)).isInstanceOf(StoreUnavailableException.class);
        }
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private List<UUID> segmentIds(UUID envId, long afterMs) {
        return store.segmentsUpdatedAfter(envId, afterMs).stream().map(Segment::id).toList();
    }

    private static List<UUID> ids(List<FeatureFlag> flags) {
        return flags.stream().map(FeatureFlag::id).toList();
    }

    /** A flag using every field: three variations, targets, two rules (one with a segment condition), a split fallthrough. */
    private static FeatureFlag richFlag(UUID id, UUID envId, String key, Instant updatedAt) {
        List<Variation> variations = List.of(
                new Variation("v-red", "Red", "red"), new Variation("v-green", "Green", "green"), new Variation("v-blue", "Blue", "blue"));
        List<TargetUser> targets = List.of(new TargetUser(List.of("u1", "u2"), "v-red"), new TargetUser(List.of(), "v-green"));
        TargetRule segmentRule = new TargetRule("r-1", "In beta", null, true,
                List.of(new Condition("c-1", Condition.IS_IN_SEGMENT, "", "[\"" + UUID.randomUUID() + "\"]")),
                List.of(new RolloutVariation("v-green", new double[]{0, 1}, 1)));
        TargetRule countryRule = new TargetRule("r-2", "French speakers", "country", false,
                List.of(new Condition("c-2", "country", "IsOneOf", "[\"fr\",\"be\"]"), new Condition("c-3", "age", "BiggerThan", "17.5")),
                List.of(new RolloutVariation("v-red", new double[]{0, 0.25}, 0.5), new RolloutVariation("v-blue", new double[]{0.25, 1}, 0)));
        Fallthrough fallthrough = new Fallthrough(null, true, List.of(
                new RolloutVariation("v-red", new double[]{0, 0.5}, 1), new RolloutVariation("v-green", new double[]{0.5, 1}, 0.3)));
        return new FeatureFlag(id, envId, UUID.randomUUID(), "Rich flag", "every field set", key, "string", variations, targets,
                List.of(segmentRule, countryRule), true, "v-blue", fallthrough, false, List.of("checkout", "team-a"), false,
                CREATED_AT, updatedAt, UUID.randomUUID(), UUID.randomUUID());
    }

    private static FeatureFlag flag(UUID id, UUID envId, String key, Instant updatedAt, boolean archived) {
        List<Variation> variations = List.of(new Variation("v1", "on", "true"), new Variation("v2", "off", "false"));
        Fallthrough fallthrough = new Fallthrough(null, true, List.of(new RolloutVariation("v1", new double[]{0, 1}, 1)));
        return new FeatureFlag(id, envId, UUID.randomUUID(), key, "", key, "boolean", variations, List.of(), List.of(),
                !archived, "v2", fallthrough, true, List.of(), archived, CREATED_AT, updatedAt, UUID.randomUUID(), UUID.randomUUID());
    }

    private static SeedSegment segment(UUID envId, UUID workspaceId, String type, Instant updatedAt, boolean archived, String... scopes) {
        UUID id = UUID.randomUUID();
        Segment s = new Segment(id, envId, "Segment " + id.toString().substring(0, 8), "seg-" + id.toString().substring(0, 8),
                "a " + type + " segment", List.of("u1", "u2"), List.of("u3"),
                List.of(new MatchRule("m-1", "French", List.of(new Condition("c-1", "country", "Equal", "fr"))),
                        new MatchRule("m-2", "Adults", List.of(new Condition("c-2", "age", "BiggerEqualThan", "18"),
                                new Condition("c-3", "plan", "NotEqual", "free")))),
                List.of("beta"), archived, CREATED_AT, updatedAt);
        return new SeedSegment(s, workspaceId, type, List.of(scopes));
    }
}
