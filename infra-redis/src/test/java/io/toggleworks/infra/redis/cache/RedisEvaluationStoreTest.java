package io.toggleworks.infra.redis.cache;

import io.lettuce.core.api.sync.RedisCommands;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.infra.redis.testing.RedisTestServer;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.toggleworks.infra.redis.cache.CacheFixtures.flag;
import static io.toggleworks.infra.redis.cache.CacheFixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the conformance suite cannot show: the store reads a cache written by FeatBit's own API (plain commands,
 * orphan index entries from before its fix #933), and rides out a dropped connection.
 */
class RedisEvaluationStoreTest {
    static RedisTestServer redis;
    static EvaluationStore store;
    static final Instant T = Instant.parse("2025-03-01T12:00:00.250Z");

    @BeforeAll
    static void setUp() {
        redis = RedisTestServer.newRun();
        store = new RedisEvaluationStoreProvider().create(CacheFixtures.config(redis));
    }

    @AfterAll
    static void tearDown() {
        store.close();
        redis.close();
    }

    @Test
    void readsWhatFeatBitsApiWroteAndSkipsOrphanIndexEntries() {
        RedisCommands<String, String> r = redis.commands();
        String p = redis.prefix();
        UUID env = UUID.randomUUID();
        FeatureFlag f = flag(UUID.randomUUID(), env, "featbit-written", T);
        UUID orphan = UUID.randomUUID();
        // FeatBit's RedisCacheService: SET value, then ZADD index (score = updatedAt ms).
        r.set(p + "featbit:flag:" + f.id(), Json.write(f));
        r.zadd(p + "featbit:flag-index:" + env, T.toEpochMilli(), f.id().toString());
        // Left by a delete interrupted between DEL and ZREM (FeatBit before #933).
        r.zadd(p + "featbit:flag-index:" + env, T.toEpochMilli(), orphan.toString());
        Segment shared = segment(UUID.randomUUID(), env, "shared", T);
        r.set(p + "featbit:segment:" + shared.id(), Json.write(shared).replace("\"envId\":\"" + env + "\",", "\"envId\":\"\","));
        r.zadd(p + "featbit:segment-index:" + env, T.toEpochMilli(), shared.id().toString());
        r.zadd(p + "featbit:segment-index:" + env, T.toEpochMilli(), UUID.randomUUID().toString());
        String secret = EnvironmentSecret.create(env);
        r.hset(p + "featbit:secret:" + secret, Map.of("type", "server", "organizationId", UUID.randomUUID().toString(),
                "organizationKey", "org", "projectId", UUID.randomUUID().toString(), "projectKey", "proj",
                "envId", env.toString(), "envKey", "prod"));

        assertThat(store.flagsUpdatedAfter(env, 0)).containsExactly(f);
        assertThat(store.flagsByIds(List.of(f.id(), orphan))).containsExactly(f);
        assertThat(store.segmentsUpdatedAfter(env, 0)).containsExactly(shared);
        assertThat(store.secret(secret)).contains(new SecretRecord(secret, SecretType.SERVER, env, "prod", "proj"));
        // An unreadable value is skipped too, not the whole environment.
        r.set(p + "featbit:flag:" + orphan, "{not json");
        assertThat(store.flagsUpdatedAfter(env, 0)).containsExactly(f);
    }

    @Test
    void aDroppedConnectionIsUnavailableThenRecoversByItself() {
        UUID env = UUID.randomUUID();
        FeatureFlag f = flag(UUID.randomUUID(), env, "reconnect", T);
        redis.commands().set(redis.prefix() + "featbit:flag:" + f.id(), Json.write(f));
        assertThat(store.flagsByIds(List.of(f.id()))).hasSize(1);
        assertThat(redis.killClients(redis.clientName() + "-cache")).isPositive();
        long until = System.nanoTime() + 10_000_000_000L;
        List<FeatureFlag> again = List.of();
        while (again.isEmpty() && System.nanoTime() < until) {
            try {
                again = store.flagsByIds(List.of(f.id()));
            } catch (StoreUnavailableException e) {
                pause();
            }
        }
        assertThat(again).hasSize(1);
        assertThat(store.isAvailable()).isTrue();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
