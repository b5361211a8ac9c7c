package io.toggleworks.infra.redis.cache;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.infra.redis.testing.RedisTestServer;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.FlagCacheProviders;
import io.toggleworks.spi.cache.SegmentEntry;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.EvaluationStoreProvider;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

import static io.toggleworks.infra.redis.cache.CacheFixtures.flag;
import static io.toggleworks.infra.redis.cache.CacheFixtures.secret;
import static io.toggleworks.infra.redis.cache.CacheFixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link EvaluationStore} contract the PostgreSQL store meets, on the Redis store found as the ELS finds it
 * ({@code CacheProvider=Redis}), seeded through the API's writer.
 */
class RedisEvaluationStoreContractTest {
    static RedisTestServer redis;
    static FlagCache cache;
    static EvaluationStore store;

    static final UUID PROD = UUID.randomUUID();
    static final UUID PRODUCTION = UUID.randomUUID();
    static final String PROD_SERVER = EnvironmentSecret.create(PROD);
    static final String PROD_CLIENT = EnvironmentSecret.create(PROD);
    static final UUID FLAG_OLD = UUID.randomUUID();
    static final UUID FLAG_NEW = UUID.randomUUID();
    static final UUID FLAG_OTHER_ENV = UUID.randomUUID();
    static final UUID SEG_PROD = UUID.randomUUID();
    static final UUID SEG_SHARED_BOTH = UUID.randomUUID();
    static final UUID SEG_SHARED_PRODUCTION = UUID.randomUUID();
    // 1.2345 ms past a whole millisecond: "after T" is strict on the value truncated to milliseconds.
    static final Instant OLD = Instant.parse("2024-01-01T00:00:00.0012345Z");
    static final Instant NEW = Instant.parse("2024-06-01T00:00:00.5Z");

    @BeforeAll
    static void setUp() {
        redis = RedisTestServer.newRun();
        ProviderConfig config = CacheFixtures.config(redis);
        cache = FlagCacheProviders.create(config);
        cache.upsertFlag(flag(FLAG_OLD, PROD, "old-flag", OLD));
        cache.upsertFlag(flag(FLAG_NEW, PROD, "new-flag", NEW));
        cache.upsertFlag(flag(FLAG_OTHER_ENV, PRODUCTION, "other", NEW));
        cache.upsertSegment(new SegmentEntry(segment(SEG_PROD, PROD, "p", NEW), false, List.of(PROD)));
        cache.upsertSegment(new SegmentEntry(segment(SEG_SHARED_BOTH, PRODUCTION, "both", NEW), true, List.of(PROD, PRODUCTION)));
        cache.upsertSegment(new SegmentEntry(segment(SEG_SHARED_PRODUCTION, PRODUCTION, "one", NEW), true, List.of(PRODUCTION)));
        cache.upsertSecrets(List.of(secret(PROD_SERVER, SecretType.SERVER, PROD, "prod"), secret(PROD_CLIENT, SecretType.CLIENT, PROD, "prod")));
        store = ServiceLoader.load(EvaluationStoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("Redis")).findFirst().orElseThrow().create(config);
    }

    @AfterAll
    static void tearDown() {
        if (store != null) {
            store.close();
        }
        if (cache != null) {
            cache.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void flagsOfAnEnvironmentUpdatedStrictlyAfterTheTruncatedTimestamp() {
        assertThat(store.flagsUpdatedAfter(PROD, 0)).extracting(FeatureFlag::key).containsExactlyInAnyOrder("old-flag", "new-flag");
        long oldMs = OLD.toEpochMilli();
        assertThat(store.flagsUpdatedAfter(PROD, oldMs)).extracting(FeatureFlag::key).containsExactly("new-flag");
        assertThat(store.flagsUpdatedAfter(PROD, oldMs - 1)).extracting(FeatureFlag::key).containsExactlyInAnyOrder("old-flag", "new-flag");
        assertThat(store.flagsUpdatedAfter(PROD, NEW.toEpochMilli())).isEmpty();
        assertThat(store.flagsUpdatedAfter(UUID.randomUUID(), 0)).isEmpty();
    }

    @Test
    void flagDocumentsRoundTripWhole() {
        FeatureFlag f = store.flagsByIds(List.of(FLAG_NEW)).getFirst();
        assertThat(f.envId()).isEqualTo(PROD);
        assertThat(f.variations()).hasSize(2);
        assertThat(f.variations().getFirst().value()).isEqualTo("true");
        assertThat(f.fallthrough().variations().getFirst().rollout()).containsExactly(0.0, 1.0);
        assertThat(f.rules().getFirst().conditions().getFirst().op()).isEqualTo("Equal");
        assertThat(f.tags()).containsExactly("t1");
        assertThat(f.updatedAt()).isEqualTo(NEW);
        assertThat(store.flagsByIds(List.of(FLAG_OLD, FLAG_OTHER_ENV, UUID.randomUUID()))).extracting(FeatureFlag::id)
                .containsExactly(FLAG_OLD, FLAG_OTHER_ENV);
        assertThat(store.flagsByIds(List.of())).isEmpty();
    }

    @Test
    void segmentsVisibleToAnEnvironmentIncludeSharedOnesWithThatEnvironment() {
        List<Segment> prod = store.segmentsUpdatedAfter(PROD, 0);
        assertThat(prod).extracting(Segment::id).containsExactlyInAnyOrder(SEG_PROD, SEG_SHARED_BOTH);
        assertThat(prod).allMatch(s -> s.envId().equals(PROD));
        List<Segment> production = store.segmentsUpdatedAfter(PRODUCTION, 0);
        assertThat(production).extracting(Segment::id).containsExactlyInAnyOrder(SEG_SHARED_BOTH, SEG_SHARED_PRODUCTION);
        assertThat(production).allMatch(s -> s.envId().equals(PRODUCTION));
        assertThat(store.segmentsUpdatedAfter(PROD, NEW.toEpochMilli())).isEmpty();
        assertThat(store.segmentsUpdatedAfter(PROD, NEW.toEpochMilli() - 1)).hasSize(2);
        Segment one = store.segment(SEG_PROD).orElseThrow();
        assertThat(one.envId()).isEqualTo(PROD);
        assertThat(one.included()).containsExactly("u1");
        assertThat(one.rules().getFirst().conditions().getFirst().property()).isEqualTo("country");
        assertThat(store.segment(SEG_SHARED_PRODUCTION).orElseThrow().envId()).isEqualTo(PRODUCTION);
        assertThat(store.segment(UUID.randomUUID())).isEmpty();
    }

    @Test
    void secretsAreFoundByValueWithTheirType() {
        SecretRecord server = store.secret(PROD_SERVER).orElseThrow();
        assertThat(server.type()).isEqualTo(SecretType.SERVER);
        assertThat(server.envId()).isEqualTo(PROD);
        assertThat(server.envKey()).isEqualTo("prod");
        assertThat(server.projectKey()).isEqualTo("proj");
        assertThat(server.value()).isEqualTo(PROD_SERVER);
        assertThat(store.secret(PROD_CLIENT).orElseThrow().type()).isEqualTo(SecretType.CLIENT);
        assertThat(store.secret(EnvironmentSecret.create(PROD))).isEmpty();
        assertThat(store.secret("not-a-secret")).isEmpty();
        assertThat(store.secret("")).isEmpty();
        assertThat(store.isAvailable()).isTrue();
    }

    @Test
    void anUnreachableRedisIsUnavailableNotAHang() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EvaluationStore down = new RedisEvaluationStoreProvider().create(ProviderConfig.of(Map.of(
                "Redis__ConnectionString", "127.0.0.1:" + port + ",connectTimeout=500,syncTimeout=500")))) {
            assertThat(down.isAvailable()).isFalse();
            assertThatThrownBy(() -> down.flagsUpdatedAfter(PROD, 0)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> down.flagsByIds(List.of(FLAG_NEW))).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> down.segmentsUpdatedAfter(PROD, 0)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> down.segment(SEG_PROD)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> down.secret(PROD_SERVER)).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void aDroppedConnectionIsUnavailableThenRecovers() {
        try (EvaluationStore own = new RedisEvaluationStoreProvider().create(CacheFixtures.config(redis))) {
            assertThat(own.flagsByIds(List.of(FLAG_NEW))).hasSize(1);
            redis.killClients(redis.clientName() + "-cache");
            // Lettuce reconnects by itself; the store answers again without being recreated.
            long until = System.nanoTime() + 10_000_000_000L;
            List<FeatureFlag> again = List.of();
            while (again.isEmpty() && System.nanoTime() < until) {
                try {
                    again = own.flagsByIds(List.of(FLAG_NEW));
                } catch (StoreUnavailableException e) {
                    sleep();
                }
            }
            assertThat(again).hasSize(1);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
