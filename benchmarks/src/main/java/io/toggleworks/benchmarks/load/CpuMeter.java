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

    private long[] machineStart;
    private long[] machineEnd;

    /** The first line of /proc/stat: user nice system idle iowait irq softirq steal, in ticks, for all CPUs. */
    private static long[] machine() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long[] v = new long[8];
            for (int i = 0; i < 8; i++) {
                v[i] = Long.parseLong(f[i + 1]);
            }
            return v;
        } catch (java.io.IOException e) {
            return new long[8];
        }
    }

    CpuMeter start() {
        machineStart = machine();
        startNanos = System.nanoTime();
        for (Proc p : procs) {
            start.put(p, p.userAndSystemSeconds());
        }
        return this;
    }

    CpuMeter stop() {
        endNanos = System.nanoTime();
        machineEnd = machine();
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
        long total = 0;
        long[] d = new long[8];
        for (int i = 0; i < 8; i++) {
            d[i] = machineEnd[i] - machineStart[i];
            total += d[i];
        }
        // Busy = everything but idle and iowait; softirq shown apart (loopback TCP work done outside any process).
        double busy = total == 0 ? 0 : 100.0 * (total - d[3] - d[4]) / total;
        double softirq = total == 0 ? 0 : 100.0 * d[6] / total;
        return b.append(String.format(Locale.ROOT, " over %.2f s wall; whole machine %.0f%% busy (softirq %.0f%%)", wallSeconds(), busy, softirq)).toString();
    }
}
