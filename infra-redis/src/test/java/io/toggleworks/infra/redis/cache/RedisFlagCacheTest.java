package io.toggleworks.infra.redis.cache;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.infra.redis.testing.RedisTestServer;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.FlagCacheProviders;
import io.toggleworks.spi.cache.SegmentEntry;
import io.toggleworks.spi.store.EvaluationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.toggleworks.infra.redis.cache.CacheFixtures.flag;
import static io.toggleworks.infra.redis.cache.CacheFixtures.secret;
import static io.toggleworks.infra.redis.cache.CacheFixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;

/** What the API's writer leaves in Redis, key by key, as FeatBit's ELS reads it (infrastructure §3.1-3.2). */
class RedisFlagCacheTest {
    static RedisTestServer redis;
    static FlagCache cache;
    static EvaluationStore store;
    static String p;

    static final Instant T1 = Instant.parse("2025-01-01T00:00:00.123456Z");
    static final Instant T2 = Instant.parse("2025-01-02T00:00:00.5Z");

    @BeforeAll
    static void setUp() {
        redis = RedisTestServer.newRun();
        p = redis.prefix();
        cache = FlagCacheProviders.create(CacheFixtures.config(redis));
        store = new RedisEvaluationStoreProvider().create(CacheFixtures.config(redis));
    }

    @AfterAll
    static void tearDown() {
        store.close();
        cache.close();
        redis.close();
    }

    static RedisCommands<String, String> r() {
        return redis.commands();
    }

    @Test
    void aFlagIsAStringValueAndAMemberOfItsEnvironmentsIndexScoredInMilliseconds() {
        UUID env = UUID.randomUUID();
        FeatureFlag f = flag(UUID.randomUUID(), env, "layout", T1);
        cache.upsertFlag(f);

        assertThat(r().type(p + "featbit:flag:" + f.id())).isEqualTo("string");
        assertThat(r().type(p + "featbit:flag-index:" + env)).isEqualTo("zset");
        assertThat(r().get(p + "featbit:flag:" + f.id())).isEqualTo(Json.write(f));
        List<ScoredValue<String>> index = r().zrangeWithScores(p + "featbit:flag-index:" + env, 0, -1);
        assertThat(index).hasSize(1);
        assertThat(index.getFirst().getValue()).isEqualTo(f.id().toString());
        assertThat((long) index.getFirst().getScore()).isEqualTo(T1.toEpochMilli());
        assertThat(r().ttl(p + "featbit:flag:" + f.id())).isEqualTo(-1L);
        JsonNode doc = Json.tree(r().get(p + "featbit:flag:" + f.id()));
        assertThat(new ArrayList<>(doc.propertyNames())).startsWith("id", "envId", "revision", "name");
        assertThat(doc.path("isEnabled").asBoolean()).isTrue();
    }

    @Test
    void segmentsAreIndexedInEachEnvironmentAndSharedOnesCarryAnEmptyEnvId() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Segment own = segment(UUID.randomUUID(), a, "own", T1);
        Segment shared = segment(UUID.randomUUID(), a, "shared", T2);
        cache.upsertSegment(new SegmentEntry(own, false, List.of(a)));
        cache.upsertSegment(new SegmentEntry(shared, true, List.of(a, b)));

        assertThat(r().get(p + "featbit:segment:" + own.id())).isEqualTo(Json.write(own));
        String sharedValue = r().get(p + "featbit:segment:" + shared.id());
        // FeatBit's ELS replaces exactly this text with the environment it serves.
        assertThat(sharedValue).contains("\"envId\":\"\",");
        assertThat(sharedValue.replace("\"envId\":\"\",", "\"envId\":\"" + b + "\",")).isEqualTo(Json.write(shared.withEnvId(b)));
        assertThat(r().zrange(p + "featbit:segment-index:" + a, 0, -1)).containsExactlyInAnyOrder(own.id().toString(), shared.id().toString());
        assertThat(r().zrange(p + "featbit:segment-index:" + b, 0, -1)).containsExactly(shared.id().toString());
        assertThat(r().zscore(p + "featbit:segment-index:" + b, shared.id().toString())).isEqualTo((double) T2.toEpochMilli());

        // Scope narrowed to b: a's index no longer lists it.
        cache.upsertSegment(new SegmentEntry(shared.withEnvId(a), true, List.of(b)));
        assertThat(r().zrange(p + "featbit:segment-index:" + a, 0, -1)).containsExactly(own.id().toString());
        assertThat(store.segmentsUpdatedAfter(b, 0)).extracting(Segment::envId).containsExactly(b);
    }

    @Test
    void aSecretIsAHashWithFeatBitsSevenFields() {
        UUID env = UUID.randomUUID();
        String value = EnvironmentSecret.create(env);
        cache.upsertSecrets(List.of(secret(value, SecretType.CLIENT, env, "dev")));
        assertThat(r().type(p + "featbit:secret:" + value)).isEqualTo("hash");
        assertThat(r().hgetall(p + "featbit:secret:" + value)).isEqualTo(Map.of(
                "type", "client", "organizationId", CacheFixtures.ORG.toString(), "organizationKey", "org",
                "projectId", CacheFixtures.PROJECT.toString(), "projectKey", "proj", "envId", env.toString(), "envKey", "dev"));
    }

    @Test
    void anOlderVersionArrivingLateDoesNotOverwriteANewerOne() {
        UUID env = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        cache.upsertFlag(flag(id, env, "race", T2, "newer"));
        cache.upsertFlag(flag(id, env, "race", T1, "older"));
        assertThat(store.flagsByIds(List.of(id)).getFirst().name()).isEqualTo("newer");
        assertThat(r().zscore(p + "featbit:flag-index:" + env, id.toString())).isEqualTo((double) T2.toEpochMilli());

        UUID segId = UUID.randomUUID();
        cache.upsertSegment(new SegmentEntry(segment(segId, env, "s-new", T2), false, List.of(env)));
        cache.upsertSegment(new SegmentEntry(segment(segId, env, "s-old", T1), false, List.of(env)));
        assertThat(store.segment(segId).orElseThrow().key()).isEqualTo("s-new");

        // Same time again (a re-send) is written: idempotent.
        cache.upsertFlag(flag(id, env, "race", T2, "newer again"));
        assertThat(store.flagsByIds(List.of(id)).getFirst().name()).isEqualTo("newer again");
    }

    @Test
    void deletesRemoveIndexEntryAndValueAndALaterStaleUpsertCannotBringThemBack() {
        UUID env = UUID.randomUUID();
        FeatureFlag f = flag(UUID.randomUUID(), env, "gone", T1);
        cache.upsertFlag(f);
        cache.deleteFlag(env, f.id());
        assertThat(r().exists(p + "featbit:flag:" + f.id())).isZero();
        assertThat(r().zcard(p + "featbit:flag-index:" + env)).isZero();
        cache.upsertFlag(f); // e.g. a population that read the flag before it was deleted
        assertThat(r().exists(p + "featbit:flag:" + f.id())).isZero();
        assertThat(store.flagsUpdatedAfter(env, 0)).isEmpty();

        UUID other = UUID.randomUUID();
        Segment s = segment(UUID.randomUUID(), env, "gone", T1);
        cache.upsertSegment(new SegmentEntry(s, true, List.of(env, other)));
        cache.deleteSegment(s.id(), List.of(env));
        assertThat(r().exists(p + "featbit:segment:" + s.id())).isZero();
        // Also the environments the caller no longer names: the cache remembers where it indexed the segment.
        assertThat(r().zcard(p + "featbit:segment-index:" + other)).isZero();
        cache.upsertSegment(new SegmentEntry(s, true, List.of(env, other)));
        assertThat(store.segmentsUpdatedAfter(other, 0)).isEmpty();

        String secret = EnvironmentSecret.create(env);
        String kept = EnvironmentSecret.create(env);
        cache.upsertSecrets(List.of(secret(secret, SecretType.SERVER, env, "e"), secret(kept, SecretType.CLIENT, env, "e")));
        cache.retainSecrets(env, List.of(kept));
        assertThat(store.secret(secret)).isEmpty();
        assertThat(store.secret(kept)).isPresent();
        cache.upsertSecrets(List.of(secret(secret, SecretType.SERVER, env, "e")));
        assertThat(store.secret(secret)).as("a revoked secret stays revoked").isEmpty();
    }

    @Test
    void deletingAnEnvironmentRemovesItsKeysButKeepsSharedSegmentsForOthers() {
        UUID env = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        FeatureFlag f = flag(UUID.randomUUID(), env, "f", T1);
        FeatureFlag otherFlag = flag(UUID.randomUUID(), other, "f", T1);
        Segment own = segment(UUID.randomUUID(), env, "own", T1);
        Segment shared = segment(UUID.randomUUID(), env, "shared", T1);
        String secret = EnvironmentSecret.create(env);
        String otherSecret = EnvironmentSecret.create(other);
        cache.upsertFlag(f);
        cache.upsertFlag(otherFlag);
        cache.upsertSegment(new SegmentEntry(own, false, List.of(env)));
        cache.upsertSegment(new SegmentEntry(shared, true, List.of(env, other)));
        cache.upsertSecrets(List.of(secret(secret, SecretType.SERVER, env, "e"), secret(otherSecret, SecretType.SERVER, other, "o")));

        cache.deleteEnvironment(env);

        assertThat(r().exists(p + "featbit:flag-index:" + env, p + "featbit:segment-index:" + env,
                p + "featbit:flag:" + f.id(), p + "featbit:segment:" + own.id(), p + "featbit:secret:" + secret)).isZero();
        assertThat(store.flagsUpdatedAfter(other, 0)).extracting(FeatureFlag::id).containsExactly(otherFlag.id());
        assertThat(store.segmentsUpdatedAfter(other, 0)).extracting(Segment::id).containsExactly(shared.id());
        assertThat(store.secret(otherSecret)).isPresent();
    }

    @Test
    void readersNeverSeeAnIndexEntryWithoutItsValueWhileWritersChurn() throws Exception {
        UUID env = UUID.randomUUID();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger orphans = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            int i = 0;
            while (!stop.get()) {
                FeatureFlag f = flag(UUID.randomUUID(), env, "churn-" + i++, T1.plusMillis(i));
                cache.upsertFlag(f);
                cache.deleteFlag(env, f.id());
            }
        });
        RedisCommands<String, String> raw = redis.commands();
        try {
            while (reads.get() < 300) {
                // FeatBit's ELS reads the index, then each value: every member it sees must still have its value, or
                // have been removed from the index by then. Reading them in this order, a missing value with the
                // member still present would be an orphan.
                for (String id : raw.zrange(p + "featbit:flag-index:" + env, 0, -1)) {
                    if (raw.get(p + "featbit:flag:" + id) == null && raw.zscore(p + "featbit:flag-index:" + env, id) != null) {
                        orphans.incrementAndGet();
                    }
                }
                reads.incrementAndGet();
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(orphans.get()).isZero();
    }
}
