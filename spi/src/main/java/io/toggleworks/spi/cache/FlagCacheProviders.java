package io.toggleworks.spi.cache;

import io.toggleworks.spi.config.ProviderConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the {@link FlagCacheProvider} named by FeatBit's {@code CacheProvider} setting (default {@code None}) among
 * those on the class path, plus the built-in {@code None}.
 */
public final class FlagCacheProviders {
    /** FeatBit's setting name. */
    public static final String SETTING = "CacheProvider";
    public static final String DEFAULT = NoneFlagCache.NAME;

    private FlagCacheProviders() {
    }

    public static List<FlagCacheProvider> all() {
        List<FlagCacheProvider> all = new ArrayList<>();
        ServiceLoader.load(FlagCacheProvider.class).forEach(all::add);
        if (all.stream().noneMatch(p -> p.name().equalsIgnoreCase(NoneFlagCache.NAME))) {
            all.add(NoneFlagCache.PROVIDER);
        }
        return List.copyOf(all);
    }

    public static Optional<FlagCacheProvider> find(String name) {
        return all().stream().filter(p -> p.name().equalsIgnoreCase(name.trim())).findFirst();
    }

    /** The cache {@code CacheProvider} names; an unknown name is an error listing the known ones. */
    public static FlagCache create(ProviderConfig config) {
        String name = config.get(SETTING, DEFAULT);
        FlagCacheProvider provider = find(name).orElseThrow(() -> new IllegalArgumentException(
                SETTING + "=" + name + " is not available; known: " + all().stream().map(FlagCacheProvider::name).toList()));
        return provider.create(config);
    }
}
