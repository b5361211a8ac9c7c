package io.toggleworks.benchmarks.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** CPU seconds each process used during one phase, and the phase's wall time: both sides of the machine's load. */
final class CpuMeter {
    private final List<Proc> procs;
    private final Map<Proc, double[]> start = new LinkedHashMap<>();
    private long startNanos;
    private long endNanos;
    private final Map<Proc, Double> used = new LinkedHashMap<>();
    private final Map<Proc, Double> system = new LinkedHashMap<>();

    CpuMeter(Proc... procs) {
        this.procs = new ArrayList<>(List.of(procs));
    }

    CpuMeter start() {
        startNanos = System.nanoTime();
        for (Proc p : procs) {
            start.put(p, p.userAndSystemSeconds());
        }
        return this;
    }

    CpuMeter stop() {
        endNanos = System.nanoTime();
        for (Proc p : procs) {
            double[] now = p.userAndSystemSeconds();
            used.put(p, now[0] + now[1] - start.get(p)[0] - start.get(p)[1]);
            system.put(p, now[1] - start.get(p)[1]);
        }
        return this;
    }

    double wallSeconds() {
        return (endNanos - startNanos) / 1e9;
    }

    double cpuSeconds(Proc p) {
        return used.get(p);
    }

    /** e.g. {@code els 3.41 s CPU (68% of one core), load-generator 2.10 s (42%) over 5.0 s}. */
    String summary() {
        StringBuilder b = new StringBuilder();
        for (Proc p : procs) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(String.format(Locale.ROOT, "%s %.2f s CPU (%.0f%% of one core; kernel %.2f s)", p.name(), used.get(p),
                    100 * used.get(p) / wallSeconds(), system.get(p)));
        }
        return b.append(String.format(Locale.ROOT, " over %.2f s wall", wallSeconds())).toString();
    }
}
