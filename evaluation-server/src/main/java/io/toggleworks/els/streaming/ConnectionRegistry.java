package io.toggleworks.els.streaming;

import io.toggleworks.els.metrics.ElsMetrics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Open connections indexed by environment, for change fan-out. */
public final class ConnectionRegistry {
    private final Map<UUID, Set<Connection>> byEnv = new ConcurrentHashMap<>();
    private final Map<SdkType, AtomicLong> counts = new ConcurrentHashMap<>();

    public ConnectionRegistry(ElsMetrics metrics) {
        for (SdkType t : SdkType.values()) {
            AtomicLong n = new AtomicLong();
            counts.put(t, n);
            metrics.gauge("els_connections", n::get, "sdk_type", t.wire());
        }
    }

    void add(Connection c) {
        // Inside compute, so a concurrent remove of the last connection cannot drop the set this one joins.
        byEnv.compute(c.envId(), (k, set) -> {
            Set<Connection> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(c);
            return s;
        });
        counts.get(c.type()).incrementAndGet();
    }

    void remove(Connection c) {
        byEnv.computeIfPresent(c.envId(), (k, set) -> {
            if (set.remove(c)) {
                counts.get(c.type()).decrementAndGet();
            }
            return set.isEmpty() ? null : set;
        });
    }

    public Collection<Connection> of(UUID envId) {
        Set<Connection> set = byEnv.get(envId);
        return set == null ? List.of() : set;
    }

    public boolean hasConnections(UUID envId) {
        return byEnv.containsKey(envId);
    }

    public List<Connection> all() {
        return byEnv.values().stream().flatMap(Set::stream).toList();
    }

    public long count(SdkType type) {
        return counts.get(type).get();
    }
}
