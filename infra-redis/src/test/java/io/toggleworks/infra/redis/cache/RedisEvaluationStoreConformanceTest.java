package io.toggleworks.infra.redis.cache;

import io.toggleworks.core.secret.SecretType;
import io.toggleworks.infra.redis.testing.RedisTestServer;
import io.toggleworks.testkit.store.EvaluationStoreConformanceTest;
import io.toggleworks.testkit.store.StoreSeed;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.FlagCacheProviders;
import io.toggleworks.spi.cache.SecretEntry;
import io.toggleworks.spi.cache.SegmentEntry;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.EvaluationStoreProvider;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * The provider-independent store suite on the Redis store ({@code CacheProvider=Redis}), the data written the way
 * the API writes it: through {@link FlagCache}, shared segments indexed in every environment their scopes cover.
 */
class RedisEvaluationStoreConformanceTest extends EvaluationStoreConformanceTest {
    private RedisTestServer redis;
    private ProviderConfig config;

    @Override
    protected void seed(StoreSeed seed) {
        redis = RedisTestServer.newRun();
        config = CacheFixtures.config(redis);
        try (FlagCache cache = FlagCacheProviders.create(config)) {
            seed.flags().forEach(cache::upsertFlag);
            for (StoreSeed.SeedSegment s : seed.segments()) {
                boolean shared = "shared".equals(s.type());
                List<UUID> envIds = shared
                        ? seed.environments().stream()
                            .filter(e -> e.workspaceId().equals(s.workspaceId()))
                            .filter(e -> s.scopes().stream().anyMatch(scope -> (e.resourceName() + ":").startsWith(scope + ":")))
                            .map(StoreSeed.Environment::id).toList()
                        : List.of(s.segment().envId());
                cache.upsertSegment(new SegmentEntry(s.segment(), shared, envIds));
            }
            List<SecretEntry> secrets = new ArrayList<>();
            for (StoreSeed.Environment e : seed.environments()) {
                for (StoreSeed.Secret s : e.secrets()) {
                    secrets.add(new SecretEntry(s.value(), SecretType.fromWire(s.type()).orElseThrow(), e.organizationId(),
                            e.organizationKey(), e.projectId(), e.projectKey(), e.id(), e.key()));
                }
            }
            cache.upsertSecrets(secrets);
        }
    }

    @Override
    protected EvaluationStore openStore() {
        return ServiceLoader.load(EvaluationStoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("Redis")).findFirst().orElseThrow().create(config);
    }

    @Override
    protected Optional<EvaluationStore> openUnreachableStore() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return Optional.of(new RedisEvaluationStoreProvider().create(ProviderConfig.of(Map.of(
                "Redis__ConnectionString", "127.0.0.1:" + port + ",connectTimeout=500,syncTimeout=500"))));
    }

    @Override
    protected void cleanUp() {
        if (redis != null) {
            redis.close();
        }
    }
}
