package io.toggleworks.infra.redis.cache;

import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.infra.redis.connection.RedisConnectionString;
import io.toggleworks.spi.cache.CacheUnavailableException;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.PopulationSource;
import io.toggleworks.spi.cache.SecretEntry;
import io.toggleworks.spi.cache.SegmentEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The API's writer of FeatBit's Redis cache (infrastructure-and-analytics.md §3.1-3.3). Every write is one Lua
 * script, so value and index change together and a reader never meets an index entry without its value. Writes are
 * conditional: an older {@code updatedAt} than the cached one, or an item deleted meanwhile (a marker kept for
 * {@code Redis__Cache__TombstoneSeconds}), leaves the cache as it is. That is what lets population run while other
 * API instances keep writing (ADR 0035).
 */
public final class RedisFlagCache implements FlagCache {
    private static final Logger log = LoggerFactory.getLogger(RedisFlagCache.class);

    private final CacheConnection connection;
    private final RedisCacheKeys keys;
    private final RedisCacheSettings settings;

    public RedisFlagCache(RedisConnectionString connectionString, RedisCacheSettings settings) {
        this.connection = new CacheConnection(connectionString);
        this.keys = new RedisCacheKeys(settings.keyPrefix());
        this.settings = settings;
    }

    @Override
    public void upsertFlag(FeatureFlag flag) {
        run("upsert flag " + flag.id(), r -> upsertFlag(r, flag));
    }

    private long upsertFlag(RedisCommands<String, String> r, FeatureFlag flag) {
        Write w = flagWrite(flag);
        return CacheScripts.UPSERT_FLAG.<Long>run(r, ScriptOutputType.INTEGER, w.keys(), w.args());
    }

    private Write flagWrite(FeatureFlag flag) {
        return new Write(new String[]{keys.flag(flag.id()), keys.flagIndex(flag.envId()), keys.deletedFlag(flag.id())},
                new String[]{CacheDocuments.flag(flag), Long.toString(CacheDocuments.score(flag.updatedAt())), flag.id().toString()});
    }

    @Override
    public void deleteFlag(UUID envId, UUID flagId) {
        run("delete flag " + flagId, r -> CacheScripts.DELETE_FLAG.<Long>run(r, ScriptOutputType.INTEGER,
                new String[]{keys.flag(flagId), keys.flagIndex(envId), keys.deletedFlag(flagId)},
                flagId.toString(), tombstoneSeconds()));
    }

    @Override
    public void upsertSegment(SegmentEntry entry) {
        run("upsert segment " + entry.segment().id(), r -> upsertSegment(r, entry));
    }

    private long upsertSegment(RedisCommands<String, String> r, SegmentEntry entry) {
        Write w = segmentWrite(entry);
        return CacheScripts.UPSERT_SEGMENT.<Long>run(r, ScriptOutputType.INTEGER, w.keys(), w.args());
    }

    private Write segmentWrite(SegmentEntry entry) {
        UUID id = entry.segment().id();
        List<String> args = new ArrayList<>();
        args.add(CacheDocuments.segment(entry.segment(), entry.shared()));
        args.add(Long.toString(CacheDocuments.score(entry.segment().updatedAt())));
        args.add(id.toString());
        args.add(keys.segmentIndexPrefix());
        args.add(entry.shared() ? String.valueOf(entry.segment().envId() == null ? "" : entry.segment().envId()) : "");
        entry.envIds().stream().distinct().forEach(e -> args.add(e.toString()));
        return new Write(new String[]{keys.segment(id), keys.deletedSegment(id), keys.segmentEnvs(id), keys.segmentOwner(id)},
                args.toArray(String[]::new));
    }

    @Override
    public void deleteSegment(UUID segmentId, Collection<UUID> envIds) {
        List<String> args = new ArrayList<>(List.of(segmentId.toString(), tombstoneSeconds(), keys.segmentIndexPrefix()));
        envIds.stream().distinct().forEach(e -> args.add(e.toString()));
        run("delete segment " + segmentId, r -> CacheScripts.DELETE_SEGMENT.<Long>run(r, ScriptOutputType.INTEGER,
                new String[]{keys.segment(segmentId), keys.deletedSegment(segmentId), keys.segmentEnvs(segmentId),
                        keys.segmentOwner(segmentId)},
                args.toArray(String[]::new)));
    }

    @Override
    public void upsertSecrets(Collection<SecretEntry> secrets) {
        run("upsert secrets", r -> {
            for (SecretEntry s : secrets) {
                upsertSecret(r, s);
            }
            return 0L;
        });
    }

    private void upsertSecret(RedisCommands<String, String> r, SecretEntry s) {
        Write w = secretWrite(s);
        CacheScripts.UPSERT_SECRET.<Long>run(r, ScriptOutputType.INTEGER, w.keys(), w.args());
    }

    private Write secretWrite(SecretEntry s) {
        return new Write(new String[]{keys.secret(s.value()), keys.deletedSecret(s.value())},
                new String[]{s.type().wire(), s.organizationId().toString(), s.organizationKey(), s.projectId().toString(),
                        s.projectKey(), s.envId().toString(), s.envKey()});
    }

    @Override
    public void retainSecrets(UUID envId, Collection<String> keep) {
        Set<String> kept = new HashSet<>(keep);
        run("remove secrets of " + envId, r -> {
            for (String value : cachedSecretsOf(r, envId)) {
                if (!kept.contains(value)) {
                    deleteSecret(r, value);
                }
            }
            return 0L;
        });
    }

    private void deleteSecret(RedisCommands<String, String> r, String value) {
        CacheScripts.DELETE_SECRET.<Long>run(r, ScriptOutputType.INTEGER,
                new String[]{keys.secret(value), keys.deletedSecret(value)}, tombstoneSeconds());
    }

    /** The secret values cached for an environment, found by their encoded env id (SCAN, so never blocking Redis). */
    private List<String> cachedSecretsOf(RedisCommands<String, String> r, UUID envId) {
        String keyPrefix = keys.secret("");
        List<String> values = new ArrayList<>();
        ScanIterator<String> it = ScanIterator.scan(r, ScanArgs.Builder.matches(keys.secretsOf(envId)).limit(1_000));
        while (it.hasNext()) {
            String key = it.next();
            String value = key.substring(keyPrefix.length());
            // The pattern matches by the encoded id; the hash says for sure.
            if (envId.toString().equals(r.hget(key, "envId"))) {
                values.add(value);
            }
        }
        return values;
    }

    @Override
    public void deleteEnvironment(UUID envId) {
        run("delete environment " + envId, r -> {
            CacheScripts.DELETE_ENVIRONMENT.<Long>run(r, ScriptOutputType.INTEGER,
                    new String[]{keys.flagIndex(envId), keys.segmentIndex(envId)},
                    keys.flagPrefix(), keys.segmentPrefix(), keys.deletedFlagPrefix(), keys.deletedSegmentPrefix(),
                    keys.segmentEnvsPrefix(), tombstoneSeconds(), CacheDocuments.ownedBy(envId), envId.toString(),
                    keys.segmentOwnerPrefix());
            for (String value : cachedSecretsOf(r, envId)) {
                deleteSecret(r, value);
            }
            return 0L;
        });
    }

    @Override
    public boolean isPopulated() {
        return run("read the populated marker", r -> "true".equals(r.get(keys.populated())) ? 1L : 0L) == 1L;
    }

    @Override
    public PopulateOutcome populate(PopulationSource source) {
        return populate(source, false);
    }

    @Override
    public PopulateOutcome repopulate(PopulationSource source) {
        return populate(source, true);
    }

    /**
     * FeatBit's population protocol after its fix #932 (marker, lock, double check, bounded wait, fail fast), plus a
     * lease that is renewed while population runs, a lock released only by its holder, and conditional writes, so
     * that neither an expired lease nor live changes from other instances can leave the cache stale (ADR 0035).
     */
    private PopulateOutcome populate(PopulationSource source, boolean force) {
        long deadline = System.nanoTime() + settings.populateMaxWait().toNanos();
        boolean waited = false;
        while (true) {
            RedisCommands<String, String> r = commands("populate");
            try {
                if (!force && "true".equals(r.get(keys.populated()))) {
                    return waited ? PopulateOutcome.POPULATED_BY_ANOTHER : PopulateOutcome.ALREADY_POPULATED;
                }
                String token = UUID.randomUUID().toString();
                if ("OK".equals(r.set(keys.populateLock(), token, SetArgs.Builder.nx().px(settings.populateLockTtl().toMillis())))) {
                    try (LockLease lease = new LockLease(token)) {
                        // Another instance may have finished between our look and our lock.
                        if (!force && "true".equals(r.get(keys.populated()))) {
                            return PopulateOutcome.POPULATED_BY_ANOTHER;
                        }
                        long started = System.nanoTime();
                        Counts counts = writeEverything(source);
                        r.set(keys.populated(), "true");
                        log.info("Populated the Redis cache at {}: {} flags, {} segments, {} secrets in {} ms{}",
                                connection.describe(), counts.flags, counts.segments, counts.secrets,
                                (System.nanoTime() - started) / 1_000_000, lease.lost() ? " (the lock lease was lost meanwhile)" : "");
                        return PopulateOutcome.POPULATED;
                    }
                }
            } catch (RedisException e) {
                throw new CacheUnavailableException("Redis cache at " + connection.describe() + " could not be populated: " + e.getMessage(), e);
            }
            if (System.nanoTime() > deadline) {
                throw new CacheUnavailableException("Timed out after " + settings.populateMaxWait().toSeconds()
                        + " s waiting for another instance to finish populating the Redis cache (lock "
                        + keys.populateLock() + "); see Redis__PopulateMaxWaitSeconds");
            }
            waited = true;
            sleep(settings.populatePoll().toMillis());
        }
    }

    private record Counts(long flags, long segments, long secrets) {
    }

    private Counts writeEverything(PopulationSource source) {
        long started = System.currentTimeMillis();
        Set<String> flagIds = new HashSet<>();
        Set<String> segmentIds = new HashSet<>();
        try (Pipeline pipeline = new Pipeline()) {
            AtomicLong flags = new AtomicLong();
            AtomicLong segments = new AtomicLong();
            AtomicLong secrets = new AtomicLong();
            source.flags(f -> {
                pipeline.add(CacheScripts.UPSERT_FLAG, flagWrite(f));
                flagIds.add(f.id().toString());
                flags.incrementAndGet();
            });
            source.segments(s -> {
                pipeline.add(CacheScripts.UPSERT_SEGMENT, segmentWrite(s));
                segmentIds.add(s.segment().id().toString());
                segments.incrementAndGet();
            });
            source.secrets(s -> {
                pipeline.add(CacheScripts.UPSERT_SECRET, secretWrite(s));
                secrets.incrementAndGet();
            });
            pipeline.drain();
            long pruned = prune(flagIds, segmentIds, started - PRUNE_MARGIN.toMillis());
            if (pruned > 0) {
                log.info("Removed {} cached flags and segments that are no longer in the database", pruned);
            }
            return new Counts(flags.get(), segments.get(), secrets.get());
        }
    }

    /**
     * How much older than the population's start an index entry missing from the database must be before it is
     * removed: an item created while population read the database is missing from what it read, but is newer.
     */
    static final Duration PRUNE_MARGIN = Duration.ofMinutes(10);

    /**
     * Removes index entries (and values) of flags and segments the database no longer has, e.g. because their
     * delete could not reach Redis, or FeatBit's API left them behind. Only entries scored before {@code bound}.
     */
    private long prune(Set<String> flagIds, Set<String> segmentIds, long bound) {
        RedisCommands<String, String> r = connection.sync();
        long removed = 0;
        for (String indexKey : scan(r, keys.flagIndexPrefix() + "*")) {
            Optional<UUID> env = uuidAfter(indexKey, keys.flagIndexPrefix());
            if (env.isEmpty()) {
                continue;
            }
            for (String id : r.zrangebyscore(indexKey, Range.create(Double.NEGATIVE_INFINITY, (double) bound))) {
                Optional<UUID> flagId = uuidAfter(id, "");
                if (flagId.isPresent() && !flagIds.contains(id)) {
                    deleteFlag(env.get(), flagId.get());
                    removed++;
                }
            }
        }
        for (String indexKey : scan(r, keys.segmentIndexPrefix() + "*")) {
            Optional<UUID> env = uuidAfter(indexKey, keys.segmentIndexPrefix());
            if (env.isEmpty()) {
                continue;
            }
            for (String id : r.zrangebyscore(indexKey, Range.create(Double.NEGATIVE_INFINITY, (double) bound))) {
                Optional<UUID> segmentId = uuidAfter(id, "");
                if (segmentId.isPresent() && !segmentIds.contains(id)) {
                    deleteSegment(segmentId.get(), List.of(env.get()));
                    removed++;
                }
            }
        }
        return removed;
    }

    private static List<String> scan(RedisCommands<String, String> r, String pattern) {
        List<String> found = new ArrayList<>();
        ScanIterator<String> it = ScanIterator.scan(r, ScanArgs.Builder.matches(pattern).limit(1_000));
        while (it.hasNext()) {
            found.add(it.next());
        }
        return found;
    }

    private static Optional<UUID> uuidAfter(String text, String prefix) {
        try {
            return Optional.of(UUID.fromString(text.substring(prefix.length())));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** One script call: its keys and arguments. */
    private record Write(String[] keys, String[] args) {
    }

    /**
     * Population's writes, pipelined: up to {@value #WINDOW} script calls in flight on the shared connection instead
     * of one round trip each. Every call is still one atomic, conditional script; their order does not matter.
     */
    private final class Pipeline implements AutoCloseable {
        private static final int WINDOW = 256;
        private final RedisAsyncCommands<String, String> async = connection.async();
        private final ArrayDeque<Map.Entry<RedisFuture<Long>, Runnable>> inFlight = new ArrayDeque<>();

        Pipeline() {
            RedisCommands<String, String> r = connection.sync();
            for (Script s : List.of(CacheScripts.UPSERT_FLAG, CacheScripts.UPSERT_SEGMENT, CacheScripts.UPSERT_SECRET)) {
                s.load(r);
            }
        }

        void add(Script script, Write write) {
            if (inFlight.size() >= WINDOW) {
                awaitOldest();
            }
            RedisFuture<Long> f = script.start(async, ScriptOutputType.INTEGER, write.keys(), write.args());
            // If Redis forgot the script meanwhile (SCRIPT FLUSH, failover), this one call is redone with its text.
            inFlight.add(Map.entry(f, () -> script.<Long>run(connection.sync(), ScriptOutputType.INTEGER, write.keys(), write.args())));
        }

        private void awaitOldest() {
            var e = inFlight.poll();
            try {
                e.getKey().get(connection.commandTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof io.lettuce.core.RedisNoScriptException) {
                    e.getValue().run();
                } else if (ex.getCause() instanceof RedisException re) {
                    throw re;
                } else {
                    throw new RedisException(ex.getCause());
                }
            } catch (TimeoutException ex) {
                throw new RedisException("a population write timed out", ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new RedisException("interrupted while populating", ex);
            }
        }

        void drain() {
            while (!inFlight.isEmpty()) {
                awaitOldest();
            }
        }

        @Override
        public void close() {
            inFlight.forEach(e -> e.getKey().cancel(false));
            inFlight.clear();
        }
    }

    /** Holds the population lock, renewing its lease at a third of its TTL until closed, then releases it if still ours. */
    private final class LockLease implements AutoCloseable {
        private final String token;
        private final AtomicBoolean lost = new AtomicBoolean();
        private final Thread renewer;
        private volatile boolean done;

        LockLease(String token) {
            this.token = token;
            long every = Math.max(100, settings.populateLockTtl().toMillis() / 3);
            this.renewer = Thread.ofVirtual().name("redis-populate-lease").start(() -> {
                while (!done) {
                    try {
                        Thread.sleep(every);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (done) {
                        return;
                    }
                    try {
                        Long renewed = CacheScripts.RENEW_LOCK.run(connection.sync(), ScriptOutputType.INTEGER,
                                new String[]{keys.populateLock()}, token, Long.toString(settings.populateLockTtl().toMillis()));
                        if (renewed == null || renewed == 0L) {
                            lost.set(true);
                            log.warn("The Redis population lock expired before it could be renewed; population goes on "
                                    + "(its writes are conditional, a concurrent population is harmless)");
                            return;
                        }
                    } catch (RuntimeException e) {
                        log.warn("Could not renew the Redis population lock: {}", e.toString());
                    }
                }
            });
        }

        boolean lost() {
            return lost.get();
        }

        @Override
        public void close() {
            done = true;
            renewer.interrupt();
            try {
                renewer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                CacheScripts.RELEASE_LOCK.<Long>run(connection.sync(), ScriptOutputType.INTEGER,
                        new String[]{keys.populateLock()}, token);
            } catch (RuntimeException e) {
                log.warn("Could not release the Redis population lock (it expires by itself): {}", e.toString());
            }
        }
    }

    private String tombstoneSeconds() {
        return Long.toString(settings.tombstoneTtl().toSeconds());
    }

    private RedisCommands<String, String> commands(String what) {
        try {
            return connection.sync();
        } catch (RedisException e) {
            throw new CacheUnavailableException("Redis cache at " + connection.describe() + " is unreachable (" + what + "): "
                    + e.getMessage(), e);
        }
    }

    private long run(String what, Function<RedisCommands<String, String>, Long> action) {
        try {
            return action.apply(commands(what));
        } catch (RedisException e) {
            throw new CacheUnavailableException("Redis cache at " + connection.describe() + ": could not " + what + ": "
                    + e.getMessage(), e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("interrupted while waiting for the Redis cache to be populated");
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
