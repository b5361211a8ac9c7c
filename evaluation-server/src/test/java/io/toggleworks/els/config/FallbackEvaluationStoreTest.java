package io.toggleworks.els.config;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FeatBit's hybrid store: the cache first, the database while the cache cannot answer. */
class FallbackEvaluationStoreTest {
    /** A store that answers with its name as the only secret's env key, or fails while {@code down}. */
    static final class FakeStore implements EvaluationStore {
        final String name;
        volatile boolean down;
        final AtomicInteger reads = new AtomicInteger();
        boolean closed;

        FakeStore(String name) {
            this.name = name;
        }

        private void read() {
            reads.incrementAndGet();
            if (down) {
                throw new StoreUnavailableException(name + " is down", null);
            }
        }

        @Override
        public List<FeatureFlag> flagsUpdatedAfter(UUID envId, long timestampMs) {
            read();
            return List.of();
        }

        @Override
        public List<FeatureFlag> flagsByIds(Collection<UUID> ids) {
            read();
            return List.of();
        }

        @Override
        public Optional<Segment> segment(UUID id) {
            read();
            return Optional.empty();
        }

        @Override
        public List<Segment> segmentsUpdatedAfter(UUID envId, long timestampMs) {
            read();
            return List.of();
        }

        @Override
        public Optional<SecretRecord> secret(String secret) {
            read();
            return Optional.of(new SecretRecord(secret, io.toggleworks.core.secret.SecretType.SERVER, UUID.randomUUID(), name, "p"));
        }

        @Override
        public boolean isAvailable() {
            return !down;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final FakeStore cache = new FakeStore("cache");
    final FakeStore database = new FakeStore("database");
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final FallbackEvaluationStore store = new FallbackEvaluationStore(cache, database, Duration.ofSeconds(6), now::get);

    String answeredBy() {
        return store.secret("s").orElseThrow().envKey();
    }

    @Test
    void readsTheCacheWhileItAnswers() {
        assertThat(answeredBy()).isEqualTo("cache");
        assertThat(database.reads.get()).isZero();
        assertThat(store.onFallback()).isFalse();
    }

    @Test
    void aFailedCacheReadIsAnsweredByTheDatabaseAndTheCacheIsRetriedLater() {
        cache.down = true;
        assertThat(answeredBy()).isEqualTo("database");
        assertThat(store.onFallback()).isTrue();
        int cacheReads = cache.reads.get();
        cache.down = false;
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(answeredBy()).as("still within the retry delay").isEqualTo("database");
        assertThat(cache.reads.get()).isEqualTo(cacheReads);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(answeredBy()).isEqualTo("cache");
        assertThat(store.onFallback()).isFalse();
    }

    @Test
    void bothDownIsUnavailableAndAvailabilityNeedsOnlyOne() {
        cache.down = true;
        assertThat(store.isAvailable()).isTrue();
        database.down = true;
        assertThat(store.isAvailable()).isFalse();
        assertThatThrownBy(() -> store.flagsUpdatedAfter(UUID.randomUUID(), 0)).isInstanceOf(StoreUnavailableException.class);
        store.close();
        assertThat(cache.closed).isTrue();
        assertThat(database.closed).isTrue();
    }

    @Test
    void storeSelectionFollowsCacheProvider() {
        var providers = List.<io.toggleworks.spi.store.EvaluationStoreProvider>of(provider("Postgres", database), provider("Redis", cache));
        assertThat(StoreSelection.open(config("None", "6"), providers)).isSameAs(database);
        assertThat(StoreSelection.open(config("Redis", "6"), providers)).isInstanceOf(FallbackEvaluationStore.class);
        assertThat(StoreSelection.open(config("redis", "0"), providers)).isSameAs(cache);
        assertThat(StoreSelection.open(config("Redis", "6"), List.of(provider("Postgres", database)))).isSameAs(database);
        assertThatThrownBy(() -> StoreSelection.open(config("Memcached", "6"), providers)).hasMessageContaining("CacheProvider=Memcached");
        assertThatThrownBy(() -> StoreSelection.open(config("Redis", "-1"), providers)).hasMessageContaining("Store__FallbackRetrySeconds");
    }

    private static ElsConfig config(String cacheProvider, String retry) {
        return ElsConfig.from(io.toggleworks.spi.config.ProviderConfig.of(java.util.Map.of(
                "CacheProvider", cacheProvider, "Store__FallbackRetrySeconds", retry)));
    }

    private static io.toggleworks.spi.store.EvaluationStoreProvider provider(String name, EvaluationStore store) {
        return new io.toggleworks.spi.store.EvaluationStoreProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public EvaluationStore create(io.toggleworks.spi.config.ProviderConfig config) {
                return store;
            }
        };
    }
}
