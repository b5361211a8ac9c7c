package io.toggleworks.infra.redis.cache;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.infra.redis.testing.RedisTestServer;
import io.toggleworks.spi.cache.CacheUnavailableException;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.FlagCache.PopulateOutcome;
import io.toggleworks.spi.cache.FlagCacheProviders;
import io.toggleworks.spi.cache.PopulationSource;
import io.toggleworks.spi.cache.SecretEntry;
import io.toggleworks.spi.cache.SegmentEntry;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.EvaluationStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static io.toggleworks.infra.redis.cache.CacheFixtures.flag;
import static io.toggleworks.infra.redis.cache.CacheFixtures.secret;
import static io.toggleworks.infra.redis.cache.CacheFixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up population (infrastructure §3.3 and ADR 0035): once for all instances, never stale, never partial. */
class RedisCachePopulationTest {
    static final Instant T1 = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant T2 = Instant.parse("2025-01-02T00:00:00Z");

    RedisTestServer redis;
    final UUID env = UUID.randomUUID();

    @BeforeEach
    void run() {
        redis = RedisTestServer.newRun();
    }

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    FlagCache cache(String... settings) {
        return FlagCacheProviders.create(CacheFixtures.config(redis, settings));
    }

    EvaluationStore store() {
        return new RedisEvaluationStoreProvider().create(CacheFixtures.config(redis));
    }

    /** A database snapshot; counts how often it is read and can pause while being read. */
    static final class Source implements PopulationSource {
        final List<FeatureFlag> flags;
        final List<SegmentEntry> segments;
        final List<SecretEntry> secrets;
        final AtomicInteger loads = new AtomicInteger();
        volatile Runnable duringFlags = () -> { };

        Source(List<FeatureFlag> flags, List<SegmentEntry> segments, List<SecretEntry> secrets) {
            this.flags = flags;
            this.segments = segments;
            this.secrets = secrets;
        }

        @Override
        public void flags(Consumer<FeatureFlag> sink) {
            loads.incrementAndGet();
            duringFlags.run();
            flags.forEach(sink);
        }

        @Override
        public void segments(Consumer<SegmentEntry> sink) {
            segments.forEach(sink);
        }

        @Override
        public void secrets(Consumer<SecretEntry> sink) {
            secrets.forEach(sink);
        }
    }

    Source snapshot() {
        return new Source(List.of(flag(UUID.randomUUID(), env, "a", T1), flag(UUID.randomUUID(), env, "b", T1)),
                List.of(new SegmentEntry(segment(UUID.randomUUID(), env, "s", T1), false, List.of(env))),
                List.of(secret(EnvironmentSecret.create(env), SecretType.SERVER, env, "prod")));
    }

    @Test
    void theFirstInstancePopulatesAndSetsTheMarkerOthersSeeIt() {
        Source source = snapshot();
        try (FlagCache first = cache(); FlagCache second = cache(); EvaluationStore store = store()) {
            assertThat(first.isPopulated()).isFalse();
            assertThat(first.populate(source)).isEqualTo(PopulateOutcome.POPULATED);
            assertThat(redis.commands().get(redis.prefix() + "featbit:redis-is-populated")).isEqualTo("true");
            assertThat(redis.commands().exists(redis.prefix() + "featbit:populate-redis")).as("lock released").isZero();
            assertThat(second.populate(source)).isEqualTo(PopulateOutcome.ALREADY_POPULATED);
            assertThat(source.loads.get()).isEqualTo(1);
            assertThat(store.flagsUpdatedAfter(env, 0)).hasSize(2);
            assertThat(store.segmentsUpdatedAfter(env, 0)).hasSize(1);
            assertThat(store.secret(source.secrets.getFirst().value())).isPresent();
        }
    }

    /**
     * FeatBit's race before #932: the lock's 5 s lease ran out during a long population, a second instance took it
     * and populated concurrently, and instances that did not get the lock served a partial cache. Here the lease is
     * 1 s and population takes 3 s: the lease is renewed, the other instance waits and reads the database never.
     */
    @Test
    void aPopulationLongerThanTheLockLeaseKeepsTheLockAndTheOthersWait() throws Exception {
        Source source = snapshot();
        CountDownLatch started = new CountDownLatch(1);
        source.duringFlags = () -> {
            started.countDown();
            sleep(3_000);
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (FlagCache first = cache("Redis__PopulateLockTtlSeconds", "1", "Redis__PopulateMaxWaitSeconds", "30");
             FlagCache second = cache("Redis__PopulateLockTtlSeconds", "1", "Redis__PopulateMaxWaitSeconds", "30")) {
            Future<PopulateOutcome> a = pool.submit(() -> first.populate(source));
            started.await();
            Future<PopulateOutcome> b = pool.submit(() -> second.populate(source));
            assertThat(a.get()).isEqualTo(PopulateOutcome.POPULATED);
            assertThat(b.get()).isEqualTo(PopulateOutcome.POPULATED_BY_ANOTHER);
            assertThat(source.loads.get()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waitingForAnotherInstanceIsBoundedAndFailsLoudly() {
        redis.commands().set(redis.prefix() + "featbit:populate-redis", "someone-else");
        try (FlagCache cache = cache("Redis__PopulateMaxWaitSeconds", "1")) {
            Source source = snapshot();
            assertThatThrownBy(() -> cache.populate(source)).isInstanceOf(CacheUnavailableException.class)
                    .hasMessageContaining("Timed out").hasMessageContaining("Redis__PopulateMaxWaitSeconds");
            assertThat(source.loads.get()).isZero();
            assertThat(cache.isPopulated()).isFalse();
        }
    }

    @Test
    void aFailedPopulationLeavesNoMarkerAndReleasesTheLock() {
        Source source = snapshot();
        source.duringFlags = () -> {
            throw new IllegalStateException("database went away");
        };
        try (FlagCache cache = cache()) {
            assertThatThrownBy(() -> cache.populate(source)).hasMessageContaining("database went away");
            assertThat(cache.isPopulated()).isFalse();
            assertThat(redis.commands().exists(redis.prefix() + "featbit:populate-redis")).isZero();
            source.duringFlags = () -> { };
            assertThat(cache.populate(source)).isEqualTo(PopulateOutcome.POPULATED);
        }
    }

    /**
     * Other instances keep serving while one populates from a snapshot read earlier: their newer writes and their
     * deletes must win over the snapshot.
     */
    @Test
    void liveChangesMadeDuringPopulationWinOverTheOlderSnapshot() {
        UUID changed = UUID.randomUUID();
        UUID deleted = UUID.randomUUID();
        Source source = new Source(List.of(flag(changed, env, "changed", T1, "snapshot"), flag(deleted, env, "deleted", T1)),
                List.of(), List.of());
        try (FlagCache populating = cache(); FlagCache live = cache(); EvaluationStore store = store()) {
            source.duringFlags = () -> {
                live.upsertFlag(flag(changed, env, "changed", T2, "live"));
                live.deleteFlag(env, deleted);
            };
            assertThat(populating.populate(source)).isEqualTo(PopulateOutcome.POPULATED);
            List<FeatureFlag> flags = store.flagsUpdatedAfter(env, 0);
            assertThat(flags).extracting(FeatureFlag::id).containsExactly(changed);
            assertThat(flags.getFirst().name()).isEqualTo("live");
        }
    }

    @Test
    void repopulateRunsEvenWhenMarkedAndRestoresLostData() {
        Source source = snapshot();
        try (FlagCache cache = cache(); EvaluationStore store = store()) {
            cache.populate(source);
            // Data lost behind the marker's back (e.g. a failover to a stale replica).
            redis.commands().del(redis.prefix() + "featbit:flag-index:" + env);
            assertThat(store.flagsUpdatedAfter(env, 0)).isEmpty();
            assertThat(cache.repopulate(source)).isEqualTo(PopulateOutcome.POPULATED);
            assertThat(store.flagsUpdatedAfter(env, 0)).hasSize(2);
            assertThat(source.loads.get()).isEqualTo(2);
        }
    }

    /**
     * A delete that never reached Redis (or FeatBit's API left it) leaves an entry the database no longer has:
     * population removes it, but not an entry newer than its start (created while it read the database).
     */
    @Test
    void populationRemovesOldEntriesTheDatabaseNoLongerHas() {
        Source source = snapshot();
        FeatureFlag stale = flag(UUID.randomUUID(), env, "stale", T1);
        FeatureFlag fresh = flag(UUID.randomUUID(), env, "fresh", Instant.now());
        io.toggleworks.core.segment.Segment staleSegment = segment(UUID.randomUUID(), env, "stale", T1);
        try (FlagCache cache = cache(); EvaluationStore store = store()) {
            cache.upsertFlag(stale);
            cache.upsertFlag(fresh);
            cache.upsertSegment(new SegmentEntry(staleSegment, true, List.of(env, UUID.randomUUID())));
            assertThat(cache.populate(source)).isEqualTo(PopulateOutcome.POPULATED);
            assertThat(store.flagsUpdatedAfter(env, 0)).extracting(FeatureFlag::key).containsExactlyInAnyOrder("a", "b", "fresh");
            assertThat(store.segmentsUpdatedAfter(env, 0)).extracting(s -> s.key()).containsExactly("s");
            assertThat(redis.commands().exists(redis.prefix() + "featbit:flag:" + stale.id(),
                    redis.prefix() + "featbit:segment:" + staleSegment.id())).isZero();
        }
    }

    @Test
    void populationSettingsAreFeatBitsWithItsRanges() {
        assertThat(RedisCacheSettings.defaults().populateLockTtl().toSeconds()).isEqualTo(60);
        assertThat(RedisCacheSettings.defaults().populateMaxWait().toSeconds()).isEqualTo(90);
        assertThat(RedisCacheSettings.defaults().keyPrefix()).isEmpty();
        assertThatThrownBy(() -> RedisCacheSettings.from(ProviderConfig.of(java.util.Map.of("Redis__PopulateLockTtlSeconds", "0"))))
                .hasMessageContaining("Redis__PopulateLockTtlSeconds must be between 1 and 3600");
        assertThatThrownBy(() -> RedisCacheSettings.from(ProviderConfig.of(java.util.Map.of("Redis__PopulateMaxWaitSeconds", "x"))))
                .hasMessageContaining("must be a whole number");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
