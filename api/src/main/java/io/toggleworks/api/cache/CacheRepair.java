package io.toggleworks.api.cache;

import io.toggleworks.spi.cache.CacheUnavailableException;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.NoneFlagCache;
import io.toggleworks.spi.cache.PopulationSource;
import io.toggleworks.spi.config.ProviderConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Populates the cache before the API serves (FeatBit's start-up population, infrastructure §3.3): once all beans
 * exist (the schema is migrated) and before the web server starts, so a failure stops the API from starting
 * instead of letting it run against a partial cache. Then keeps it whole: every
 * {@code Redis__Cache__CheckIntervalSeconds} (default 30; 0 disables) it repopulates when a cache write of this
 * instance failed, or when the cache lost its populated marker (a flush, a failover to an empty replica), which
 * FeatBit only notices at the next restart.
 */
@Component
public class CacheRepair implements SmartInitializingSingleton, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(CacheRepair.class);
    static final String CHECK_INTERVAL = "Redis__Cache__CheckIntervalSeconds";

    private final FlagCache cache;
    private final PopulationSource source;
    private final int checkIntervalSeconds;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private ScheduledExecutorService scheduler;

    public CacheRepair(FlagCache cache, PopulationSource source, ProviderConfig config) {
        this.cache = cache;
        this.source = source;
        this.checkIntervalSeconds = config.getInt(CHECK_INTERVAL, 30);
        if (checkIntervalSeconds < 0) {
            throw new IllegalArgumentException(CHECK_INTERVAL + " must not be negative");
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (cache instanceof NoneFlagCache) {
            return;
        }
        try {
            FlagCache.PopulateOutcome outcome = cache.populate(source);
            log.info("ELS cache at start-up: {}", outcome);
        } catch (RuntimeException e) {
            // FeatBit (#932): fail the start so that the orchestrator restarts us, rather than serve a partial cache.
            log.error("Could not populate the ELS cache; the API does not start: {}", e.getMessage());
            throw e;
        }
        if (checkIntervalSeconds > 0) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "els-cache-repair");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::check, checkIntervalSeconds, checkIntervalSeconds, TimeUnit.SECONDS);
        }
    }

    /** A cache write failed: the cache may be stale until the next check repopulates it. */
    public void markDirty() {
        if (!(cache instanceof NoneFlagCache) && dirty.compareAndSet(false, true)) {
            log.warn("An ELS cache write failed; the cache will be repopulated within {} s", checkIntervalSeconds);
        }
    }

    public boolean isDirty() {
        return dirty.get();
    }

    /** One repair pass; public so that operators' tooling and tests can run it now. */
    public void check() {
        if (cache instanceof NoneFlagCache) {
            return;
        }
        try {
            if (dirty.getAndSet(false)) {
                log.info("Repopulating the ELS cache after a failed write: {}", cache.repopulate(source));
            } else if (!cache.isPopulated()) {
                log.warn("The ELS cache lost its populated marker (flushed or failed over); populating: {}", cache.populate(source));
            }
        } catch (CacheUnavailableException e) {
            dirty.set(true);
            log.warn("ELS cache repair failed, will retry: {}", e.getMessage());
        } catch (RuntimeException e) {
            dirty.set(true);
            log.error("ELS cache repair failed, will retry: {}", e.toString(), e);
        }
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
