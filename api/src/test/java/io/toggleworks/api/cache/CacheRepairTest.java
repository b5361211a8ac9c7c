package io.toggleworks.api.cache;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.spi.cache.CacheUnavailableException;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.NoneFlagCache;
import io.toggleworks.spi.cache.PopulationSource;
import io.toggleworks.spi.cache.SecretEntry;
import io.toggleworks.spi.cache.SegmentEntry;
import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API's cache upkeep with a fake cache: failed writes and a lost marker lead to repopulation; a failed start fails. */
class CacheRepairTest {
    /** A cache that fails while {@code down} and counts populations. */
    static final class FakeCache implements FlagCache {
        boolean down;
        boolean populated = true;
        int populates;
        int repopulates;

        private void write() {
            if (down) {
                throw new CacheUnavailableException("down");
            }
        }

        @Override
        public void upsertFlag(FeatureFlag flag) {
            write();
        }

        @Override
        public void deleteFlag(UUID envId, UUID flagId) {
            write();
        }

        @Override
        public void upsertSegment(SegmentEntry segment) {
            write();
        }

        @Override
        public void deleteSegment(UUID segmentId, Collection<UUID> envIds) {
            write();
        }

        @Override
        public void upsertSecrets(Collection<SecretEntry> secrets) {
            write();
        }

        @Override
        public void retainSecrets(UUID envId, Collection<String> keep) {
            write();
        }

        @Override
        public void deleteEnvironment(UUID envId) {
            write();
        }

        @Override
        public PopulateOutcome populate(PopulationSource source) {
            write();
            populates++;
            populated = true;
            return PopulateOutcome.POPULATED;
        }

        @Override
        public PopulateOutcome repopulate(PopulationSource source) {
            write();
            repopulates++;
            populated = true;
            return PopulateOutcome.POPULATED;
        }

        @Override
        public boolean isPopulated() {
            write();
            return populated;
        }

        @Override
        public void close() {
        }
    }

    static final PopulationSource EMPTY = new PopulationSource() {
        @Override
        public void flags(Consumer<FeatureFlag> sink) {
        }

        @Override
        public void segments(Consumer<SegmentEntry> sink) {
        }

        @Override
        public void secrets(Consumer<SecretEntry> sink) {
        }
    };

    final FakeCache cache = new FakeCache();
    final CacheRepair repair = new CacheRepair(cache, EMPTY, ProviderConfig.of(Map.of("Redis__Cache__CheckIntervalSeconds", "0")));
    final FlagCacheWriter writer = new FlagCacheWriter(cache, null, repair); // flags only: no database needed

    @Test
    void aFailedWriteIsSwallowedAndTheNextCheckRepopulates() {
        cache.down = true;
        writer.deleteFlag(UUID.randomUUID(), UUID.randomUUID());
        assertThat(repair.isDirty()).isTrue();
        repair.check(); // Redis still down: stays dirty
        assertThat(repair.isDirty()).isTrue();
        cache.down = false;
        repair.check();
        assertThat(cache.repopulates).isEqualTo(1);
        assertThat(repair.isDirty()).isFalse();
        repair.check();
        assertThat(cache.repopulates).isEqualTo(1);
    }

    @Test
    void aLostMarkerIsPopulatedAgain() {
        cache.populated = false;
        repair.check();
        assertThat(cache.populates).isEqualTo(1);
        assertThat(cache.repopulates).isZero();
    }

    @Test
    void startUpPopulatesAndAFailureFailsTheStart() {
        repair.afterSingletonsInstantiated();
        assertThat(cache.populates).isEqualTo(1);
        cache.down = true;
        assertThatThrownBy(repair::afterSingletonsInstantiated).isInstanceOf(CacheUnavailableException.class);
    }

    @Test
    void withCacheProviderNoneNothingHappens() {
        CacheRepair none = new CacheRepair(NoneFlagCache.INSTANCE, EMPTY, ProviderConfig.of(Map.of()));
        none.afterSingletonsInstantiated();
        none.markDirty();
        assertThat(none.isDirty()).isFalse();
        none.check();
        none.destroy();
    }
}
