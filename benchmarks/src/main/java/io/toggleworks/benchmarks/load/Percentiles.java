package io.toggleworks.benchmarks.load;

import java.util.Arrays;
import java.util.Locale;

/** Nearest-rank percentiles of latencies recorded in nanoseconds, reported in milliseconds. */
final class Percentiles {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized void addAll(Percentiles other) {
        long[] o;
        int n;
        synchronized (other) {
            o = Arrays.copyOf(other.values, other.size);
            n = other.size;
        }
        for (int i = 0; i < n; i++) {
            add(o[i]);
        }
    }

    synchronized int count() {
        return size;
    }

    /** {@code p} in [0, 100]; milliseconds. */
    synchronized double ms(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    synchronized double meanMs() {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return size == 0 ? Double.NaN : sum / size / 1e6;
    }

    /** {@code n=…, mean, p50, p95, p99, max} in ms. */
    String summary() {
        return String.format(Locale.ROOT, "n=%d mean=%.2f p50=%.2f p95=%.2f p99=%.2f max=%.2f ms",
                count(), meanMs(), ms(50), ms(95), ms(99), ms(100));
    }
}
