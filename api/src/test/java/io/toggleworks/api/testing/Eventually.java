package io.toggleworks.api.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for what a consumer or a background task does; tests assert the outcome, never the time it took. */
public final class Eventually {
    private Eventually() {
    }

    /** Polls {@code condition} every {@code poll} until it holds; fails with {@code failure} after {@code timeout}. */
    public static void await(BooleanSupplier condition, Duration timeout, Duration poll, String failure) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(failure);
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
