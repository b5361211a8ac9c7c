package io.toggleworks.api.jobs;

import io.toggleworks.api.endusers.EndUserPropertyStore;
import io.toggleworks.api.endusers.EndUserStore;
import io.toggleworks.core.enduser.CustomizedProperty;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.wire.EndUserMessage;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.JobMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code featbit-endusers} (api.md §7): upserts each end user by (env, keyId) and adds property names the
 * environment has not seen, one transaction per batch, so the queue acknowledges a batch only once it is stored.
 * On MongoDB (no transactions) every step is an idempotent single-document upsert that leaves one user per
 * (env, keyId) even when the API upserts the same user at once, so a batch redelivered after a failure half way
 * completes it. A malformed message is logged and counted as handled: it must never block the queue.
 */
@Component
public class EndUserJobHandler implements JobConsumer.BatchHandler {
    private static final Logger log = LoggerFactory.getLogger(EndUserJobHandler.class);

    private final EndUserStore users;
    private final EndUserPropertyStore properties;
    private final TransactionTemplate tx;
    private final AtomicLong malformed = new AtomicLong();

    public EndUserJobHandler(EndUserStore users, EndUserPropertyStore properties, TransactionTemplate tx) {
        this.users = users;
        this.properties = properties;
        this.tx = tx;
    }

    @Override
    public void handle(List<JobMessage> batch) {
        List<EndUserMessage> valid = new ArrayList<>();
        for (JobMessage m : batch) {
            EndUserMessage parsed = parse(m);
            if (parsed != null) {
                valid.add(parsed);
            }
        }
        if (valid.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(s -> {
            Map<UUID, Set<String>> names = new LinkedHashMap<>();
            for (EndUserMessage u : valid) {
                users.upsert(u.envId(), u.keyId(), u.name(), u.customizedProperties());
                u.customizedProperties().forEach(p -> names.computeIfAbsent(u.envId(), k -> new LinkedHashSet<>()).add(p.name()));
            }
            names.forEach((env, n) -> properties.addMissing(env, List.copyOf(n)));
        });
    }

    /** Messages dropped as malformed since start. */
    public long malformedCount() {
        return malformed.get();
    }

    private EndUserMessage parse(JobMessage m) {
        try {
            EndUserMessage u = Json.read(m.jsonPayload(), EndUserMessage.class);
            String problem = u == null ? "empty" : u.envId() == null ? "no envId"
                    : u.keyId() == null || u.keyId().isBlank() ? "no keyId"
                    : u.keyId().length() > 512 ? "keyId too long"
                    : u.name() != null && u.name().length() > 256 ? "name too long"
                    : u.customizedProperties().stream().anyMatch(p -> p == null || p.name() == null || p.name().isBlank()
                            || p.name().length() > 128) ? "a property without a valid name" : null;
            if (problem != null) {
                drop(m, problem);
                return null;
            }
            List<CustomizedProperty> props = u.customizedProperties();
            return new EndUserMessage(u.envId(), u.keyId(), u.name() == null ? "" : u.name(), props);
        } catch (RuntimeException e) {
            drop(m, e.getClass().getSimpleName());
            return null;
        }
    }

    private void drop(JobMessage m, String why) {
        malformed.incrementAndGet();
        log.warn("Dropped malformed end-user message {} ({}): {}", m.id(), why, abbreviate(m.jsonPayload()));
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
