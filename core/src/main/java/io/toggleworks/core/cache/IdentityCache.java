package io.toggleworks.core.cache;

import java.lang.ref.WeakReference;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A small, lock-free cache from an object's identity to a value derived from it. The evaluator keeps the compiled
 * form of each flag and segment instance here (ADR 0014), so evaluating reuses parsed condition values without changing the
 * immutable domain records. Keys are held weakly (a replaced flag can be collected), lookups allocate nothing, and
 * races only cost a repeated computation: entries are immutable and safely published through final fields.
 */
public final class IdentityCache<K, V> {
    private static final int WAYS = 4;

    private final Entry<K, V>[] slots;
    private final int mask;

    @SuppressWarnings("unchecked")
    public IdentityCache(int capacity) {
        int size = Integer.highestOneBit(Math.max(capacity, 16) - 1) << 1;
        this.slots = (Entry<K, V>[]) new Entry[size];
        this.mask = size - 1;
    }

    /** The value for this very object, computing (and caching) it on a miss. */
    public V get(K key, Function<? super K, ? extends V> compute) {
        int h = mix(System.identityHashCode(key));
        for (int i = 0; i < WAYS; i++) {
            Entry<K, V> e = slots[(h + i) & mask];
            if (e != null && e.key.get() == key) {
                return e.value;
            }
        }
        V value = compute.apply(key);
        Entry<K, V> fresh = new Entry<>(new WeakReference<>(key), value);
        for (int i = 0; i < WAYS; i++) {
            int idx = (h + i) & mask;
            Entry<K, V> e = slots[idx];
            if (e == null || e.key.get() == null) {
                slots[idx] = fresh;
                return value;
            }
        }
        slots[(h + ThreadLocalRandom.current().nextInt(WAYS)) & mask] = fresh;
        return value;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private record Entry<K, V>(WeakReference<K> key, V value) {
    }
}
