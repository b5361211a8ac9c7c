package io.toggleworks.els.auth;

import io.toggleworks.core.secret.EnvironmentSecret;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.els.metrics.ElsMetrics;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.StoreUnavailableException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Store-backed secret check (ADR 0040). FeatBit only checks a secret's format over HTTP, so any well-formed string
 * naming an environment reads its flags; we require the secret to exist and to be of a type the endpoint accepts.
 * Lookups are cached briefly (found ones for {@code ttl}, unknown ones for a few seconds) so that connection storms
 * and forged-secret floods do not each cost a database query. Blocking: call off the event loop.
 */
public final class SecretAuthenticator {
    private static final int MAX_ENTRIES = 100_000;
    private static final long NEGATIVE_TTL_NANOS = Duration.ofSeconds(5).toNanos();

    private record Cached(Optional<SecretRecord> record, long expiresAtNanos) {
    }

    private final EvaluationStore store;
    private final long ttlNanos;
    private final ElsMetrics metrics;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public SecretAuthenticator(EvaluationStore store, Duration ttl, ElsMetrics metrics) {
        this.store = store;
        this.ttlNanos = ttl.toNanos();
        this.metrics = metrics;
    }

    public AuthResult authenticate(String secret, Set<SecretType> accepted) {
        if (!EnvironmentSecret.isWellFormed(secret)) {
            return new AuthResult.Rejected("Invalid secret");
        }
        Optional<SecretRecord> record;
        try {
            record = lookup(secret);
        } catch (StoreUnavailableException e) {
            metrics.inc("els_store_errors_total");
            return new AuthResult.Unavailable("Secret lookup unavailable: " + e.getMessage());
        }
        return decide(secret, record, accepted);
    }

    /**
     * The answer when it needs no store query (malformed secret, or a cache hit), empty otherwise. Non-blocking:
     * lets the event loop settle the usual case without handing the request to another thread.
     */
    public Optional<AuthResult> authenticateIfCached(String secret, Set<SecretType> accepted) {
        if (!EnvironmentSecret.isWellFormed(secret)) {
            return Optional.of(new AuthResult.Rejected("Invalid secret"));
        }
        Cached c = cache.get(secret);
        if (c == null || System.nanoTime() - c.expiresAtNanos >= 0) {
            return Optional.empty();
        }
        return Optional.of(decide(secret, c.record, accepted));
    }

    private static AuthResult decide(String secret, Optional<SecretRecord> record, Set<SecretType> accepted) {
        if (record.isEmpty()) {
            return new AuthResult.Rejected("Secret is not found: " + mask(secret));
        }
        if (!accepted.contains(record.get().type())) {
            return new AuthResult.Rejected("Inconsistent secret used: " + record.get().type().wire());
        }
        return new AuthResult.Accepted(record.get());
    }

    /** Enough of a secret to tell two apart in a log, not enough to use it. */
    public static String mask(String secret) {
        return secret == null || secret.length() < 8 ? "***" : secret.substring(0, 4) + "…" + secret.substring(secret.length() - 4);
    }

    private Optional<SecretRecord> lookup(String secret) {
        long now = System.nanoTime();
        Cached c = cache.get(secret);
        if (c != null && now - c.expiresAtNanos < 0) {
            return c.record;
        }
        Optional<SecretRecord> found = store.secret(secret);
        if (cache.size() >= MAX_ENTRIES) {
            cache.values().removeIf(x -> now - x.expiresAtNanos >= 0);
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
        }
        cache.put(secret, new Cached(found, now + (found.isPresent() ? ttlNanos : NEGATIVE_TTL_NANOS)));
        return found;
    }
}
