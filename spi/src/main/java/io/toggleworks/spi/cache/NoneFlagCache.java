package io.toggleworks.spi.cache;

import io.toggleworks.core.flag.FeatureFlag;

import java.util.Collection;
import java.util.UUID;

/** {@code CacheProvider=None}, as FeatBit: nothing is cached and the ELS reads the database. */
public final class NoneFlagCache implements FlagCache {
    public static final String NAME = "None";
    public static final NoneFlagCache INSTANCE = new NoneFlagCache();
    static final FlagCacheProvider PROVIDER = new FlagCacheProvider() {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public FlagCache create(io.toggleworks.spi.config.ProviderConfig config) {
            return INSTANCE;
        }
    };

    private NoneFlagCache() {
    }

    @Override
    public void upsertFlag(FeatureFlag flag) {
    }

    @Override
    public void deleteFlag(UUID envId, UUID flagId) {
    }

    @Override
    public void upsertSegment(SegmentEntry segment) {
    }

    @Override
    public void deleteSegment(UUID segmentId, Collection<UUID> envIds) {
    }

    @Override
    public void upsertSecrets(Collection<SecretEntry> secrets) {
    }

    @Override
    public void retainSecrets(UUID envId, Collection<String> keep) {
    }

    @Override
    public void deleteEnvironment(UUID envId) {
    }

    @Override
    public PopulateOutcome populate(PopulationSource source) {
        return PopulateOutcome.NOT_CACHED;
    }

    @Override
    public PopulateOutcome repopulate(PopulationSource source) {
        return PopulateOutcome.NOT_CACHED;
    }

    @Override
    public boolean isPopulated() {
        return true;
    }

    @Override
    public void close() {
    }
}
