package io.toggleworks.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/** What every {@link NameLocks} guarantees: one holder per kind, scope and key (ignoring case) per transaction. */
abstract class NameLocksContract {
    protected abstract NameLocks locks();

    protected abstract TransactionTemplate tx();

    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void aSecondTakerOfTheSameKeyWaitsForTheFirstTransactionToEnd() throws Exception {
        UUID scope = UUID.randomUUID();
        CountDownLatch firstHolds = new CountDownLatch(1);
        AtomicBoolean firstHolding = new AtomicBoolean();
        Future<?> first = pool.submit(() -> tx().executeWithoutResult(s -> {
            locks().lock("project", scope, "Key");
            firstHolding.set(true);
            firstHolds.countDown();
            sleep(300); // gives the second taker time to try
            firstHolding.set(false);
        }));
        assertThat(firstHolds.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Boolean> second = pool.submit(() -> tx().execute(s -> {
            locks().lock("project", scope, "key");
            return firstHolding.get();
        }));
        first.get(30, TimeUnit.SECONDS);
        assertThat(second.get(30, TimeUnit.SECONDS)).as("taken while the first held it").isFalse();
    }

    @Test
    void otherKeysScopesAndKindsDoNotWait() throws Exception {
        UUID scope = UUID.randomUUID();
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch othersDone = new CountDownLatch(1);
        Future<?> first = pool.submit(() -> tx().executeWithoutResult(s -> {
            locks().lock("env", scope, "dev");
            firstHolds.countDown();
            await(othersDone);
        }));
        assertThat(firstHolds.await(30, TimeUnit.SECONDS)).isTrue();
        tx().executeWithoutResult(s -> {
            locks().lock("env", scope, "prod");
            locks().lock("env", UUID.randomUUID(), "dev");
            locks().lock("project", scope, "dev");
        });
        othersDone.countDown();
        first.get(30, TimeUnit.SECONDS);
        // Released at the end: taken again at once.
        tx().executeWithoutResult(s -> locks().lock("env", scope, "DEV"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
