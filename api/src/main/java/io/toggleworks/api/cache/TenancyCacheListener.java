package io.toggleworks.api.cache;

import io.toggleworks.api.segments.SegmentEntity;
import io.toggleworks.api.segments.SegmentScopes;
import io.toggleworks.api.segments.SegmentStore;
import io.toggleworks.api.tenancy.EnvScope;
import io.toggleworks.api.tenancy.Secret;
import io.toggleworks.api.tenancy.TenancyEvents;
import io.toggleworks.spi.cache.FlagCache;
import io.toggleworks.spi.cache.NoneFlagCache;
import io.toggleworks.spi.cache.SecretEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import java.util.List;

/**
 * Environments and secrets in the cache (api.md §5.1), after the change commits. Beyond FeatBit: a new environment
 * also gets the shared segments already in its scope, and a deleted one takes its flags, segments and indexes along
 * (FeatBit leaves both to the next full population, infrastructure §3.2 "Gaps").
 */
@Component
public class TenancyCacheListener {
    private static final Logger log = LoggerFactory.getLogger(TenancyCacheListener.class);

    private final FlagCache cache;
    private final CacheRepair repair;
    private final CacheQueries queries;
    private final SegmentStore segments;
    private final SegmentScopes scopes;

    public TenancyCacheListener(FlagCache cache, CacheRepair repair, CacheQueries queries, SegmentStore segments,
                                SegmentScopes scopes) {
        this.cache = cache;
        this.repair = repair;
        this.queries = queries;
        this.segments = segments;
        this.scopes = scopes;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void environmentAdded(TenancyEvents.EnvironmentAdded event) {
        if (cache instanceof NoneFlagCache) {
            return;
        }
        guarded("add environment " + event.env().envId(), () -> {
            EnvScope env = event.env();
            cache.upsertSecrets(secrets(env, event.secrets()));
            String rn = scopes.rn(env);
            for (SegmentEntity s : segments.candidates(env.workspaceId(), env.envId(), null, null)) {
                if (!s.isEnvironmentSpecific() && SegmentScopes.visibleIn(s, env.envId(), rn)) {
                    cache.upsertSegment(DatabasePopulationSource.entry(s, scopes.envIds(s)));
                }
            }
        });
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void environmentDeleted(TenancyEvents.EnvironmentDeleting event) {
        if (cache instanceof NoneFlagCache) {
            return;
        }
        guarded("delete environment " + event.env().envId(), () -> cache.deleteEnvironment(event.env().envId()));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void secretsChanged(TenancyEvents.SecretsChanged event) {
        if (cache instanceof NoneFlagCache) {
            return;
        }
        guarded("update secrets of " + event.env().envId(), () -> {
            List<SecretEntry> entries = secrets(event.env(), event.secrets());
            cache.upsertSecrets(entries);
            cache.retainSecrets(event.env().envId(), entries.stream().map(SecretEntry::value).toList());
        });
    }

    private List<SecretEntry> secrets(EnvScope env, List<Secret> secrets) {
        return SecretEntries.of(secrets, env.organizationId(), queries.organizationKey(env.organizationId()),
                env.projectId(), env.projectKey(), env.envId(), env.envKey());
    }

    private void guarded(String what, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.error("ELS cache: could not {}: {}", what, e.getMessage());
            repair.markDirty();
        }
    }
}
