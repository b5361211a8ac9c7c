package io.toggleworks.spi.mq.support;

import java.time.Duration;

/** Exponential back-off between a minimum and a maximum delay; reset after a success. Not thread-safe. */
public final class Backoff {
    private final Duration min;
    private final Duration max;
    private Duration next;

    public Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /** The delay to wait now; the following one is twice as long, up to the maximum. */
    public Duration next() {
        Duration current = next;
        Duration doubled = next.isZero() ? Duration.ofMillis(50) : next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    /** The delay {@link #next()} would return, without moving on (for a wait that should not lengthen the next). */
    public Duration current() {
        return next;
    }

    public void reset() {
        next = min;
    }

    /** {@code base * 2^(attempt-1)}, capped, for retry schedules computed from a counter. */
    public static Duration exponential(Duration base, int attempt, Duration cap) {
        int shift = Math.max(0, Math.min(attempt - 1, 20));
        Duration d = base.multipliedBy(1L << shift);
        return d.compareTo(cap) > 0 ? cap : d;
    }
}
