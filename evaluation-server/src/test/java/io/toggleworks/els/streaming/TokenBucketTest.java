package io.toggleworks.els.streaming;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {
    @Test
    void allowsTheBurstThenRefusesUntilRefilled() {
        TokenBucket b = new TokenBucket(1e-9, 5); // effectively no refill during the test
        int taken = 0;
        for (int i = 0; i < 20; i++) {
            if (b.tryTake()) {
                taken++;
            }
        }
        assertThat(taken).isEqualTo(5);
    }

    @Test
    void refillsAtItsRate() {
        TokenBucket b = new TokenBucket(1e9, 1); // refills a token every nanosecond
        assertThat(b.tryTake()).isTrue();
        long start = System.nanoTime();
        while (System.nanoTime() == start) {
            Thread.onSpinWait();
        }
        assertThat(b.tryTake()).isTrue();
    }
}
