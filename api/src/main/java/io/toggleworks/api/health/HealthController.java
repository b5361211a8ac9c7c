package io.toggleworks.api.health;

import io.toggleworks.api.db.DatabaseCheck;
import io.toggleworks.api.security.Anonymous;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.NoneFlagCache;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * FeatBit's health endpoints (api.md §4.1): liveness has no checks; readiness checks the database and, with
 * {@code CacheProvider=Redis}, the Redis cache, together within 5 s. Plain-text {@code Healthy}/{@code Unhealthy},
 * as ASP.NET health checks answer.
 */
@RestController
@Anonymous
public class HealthController {
    private static final long TIMEOUT_SECONDS = 5;
    /**
     * Checks block on I/O: a virtual thread each, not the common pool (one thread on a 2-core machine, shared with
     * everything else, and held by a check that hangs).
     */
    private static final ExecutorService CHECKS =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("readiness-", 0).factory());

    private final DatabaseCheck database;
    private final FlagCache cache;

    public HealthController(DatabaseCheck database, FlagCache cache) {
        this.database = database;
        this.cache = cache;
    }

    @GetMapping(value = "/health/liveness", produces = MediaType.TEXT_PLAIN_VALUE)
    public String liveness() {
        return "Healthy";
    }

    @GetMapping(value = "/health/readiness", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> readiness() {
        // Both checks run at once, so a slow one does not eat the other's share of the 5 s.
        CompletableFuture<Boolean> database = CompletableFuture.supplyAsync(this::databaseAnswers, CHECKS);
        CompletableFuture<Boolean> redis = CompletableFuture.supplyAsync(this::cacheAnswers, CHECKS);
        try {
            boolean ok = database.thenCombine(redis, Boolean::logicalAnd).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return ok ? ResponseEntity.ok("Healthy") : unhealthy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unhealthy();
        } catch (Exception e) {
            return unhealthy();
        }
    }

    private static ResponseEntity<String> unhealthy() {
        return ResponseEntity.status(503).body("Unhealthy");
    }

    private boolean databaseAnswers() {
        return database.answers((int) TIMEOUT_SECONDS);
    }

    /**
     * A round trip on the cache's own shared connection (no second client): reading the populated marker answers
     * whatever its value, and throws when Redis cannot be reached. {@code CacheProvider=None} has nothing to check.
     */
    private boolean cacheAnswers() {
        if (cache instanceof NoneFlagCache) {
            return true;
        }
        try {
            cache.isPopulated();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
