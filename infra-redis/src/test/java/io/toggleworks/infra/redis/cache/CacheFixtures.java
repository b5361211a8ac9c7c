package io.toggleworks.infra.redis.cache;

import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.flag.Fallthrough;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.RolloutVariation;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.TargetUser;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.core.segment.MatchRule;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.infra.redis.testing.RedisTestServer;
import io.toggleworks.spi.cache.SecretEntry;
import io.toggleworks.spi.config.ProviderConfig;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Documents and settings shared by the cache tests. */
final class CacheFixtures {
    static final UUID ORG = UUID.randomUUID();
    static final UUID PROJECT = UUID.randomUUID();

    private CacheFixtures() {
    }

    static ProviderConfig config(RedisTestServer redis, String... extra) {
        Map<String, String> m = new HashMap<>();
        m.put("CacheProvider", "Redis");
        m.put("Redis__ConnectionString", redis.connectionString("cache"));
        m.put("Redis__Cache__KeyPrefix", redis.prefix());
        m.put("Redis__Cache__PopulatePollMs", "50");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return ProviderConfig.of(m);
    }

    static FeatureFlag flag(UUID id, UUID envId, String key, Instant updatedAt) {
        return flag(id, envId, key, updatedAt, key);
    }

    static FeatureFlag flag(UUID id, UUID envId, String key, Instant updatedAt, String name) {
        return new FeatureFlag(id, envId, UUID.randomUUID(), name, "", key, "boolean",
                List.of(new Variation("v1", "on", "true"), new Variation("v2", "off", "false")),
                List.of(new TargetUser(List.of("u1"), "v1")),
                List.of(new TargetRule("r1", "r", null, true, List.of(new Condition("c1", "country", "Equal", "fr")),
                        List.of(new RolloutVariation("v1", new double[]{0, 1}, 1)))),
                true, "v2", new Fallthrough(null, true, List.of(new RolloutVariation("v2", new double[]{0, 1}, 1))),
                true, List.of("t1"), false, updatedAt.minusSeconds(60), updatedAt, UUID.randomUUID(), UUID.randomUUID());
    }

    static Segment segment(UUID id, UUID envId, String key, Instant updatedAt) {
        return new Segment(id, envId, "seg " + key, key, "", List.of("u1"), List.of("u2"),
                List.of(new MatchRule("m1", "r", List.of(new Condition("c", "country", "Equal", "fr")))), List.of(),
                false, updatedAt.minusSeconds(60), updatedAt);
    }

    static SecretEntry secret(String value, SecretType type, UUID envId, String envKey) {
        return new SecretEntry(value, type, ORG, "org", PROJECT, "proj", envId, envKey);
    }
}
