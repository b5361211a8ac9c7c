package io.toggleworks.els.streaming;

/**
 * Per-connection inbound message budget: {@code burst} messages at once, refilled at {@code ratePerSecond}. Only
 * touched from the connection's event loop, so it needs no synchronisation.
 */
final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(double ratePerSecond, int burst) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = System.nanoTime();
    }

    boolean tryTake() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastNanos) * ratePerNano);
        lastNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
