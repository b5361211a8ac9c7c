package io.toggleworks.els.insights;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.wire.EndUserMessage;
import io.toggleworks.core.wire.InsightMessage;
import io.toggleworks.core.wire.TrackEvent;
import io.toggleworks.core.wire.UsageMessage;
import io.toggleworks.spi.mq.Topics;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a track request into job messages (evaluation-server.md §6.2): an end-user message the first time a user
 * is seen in a 3-minute window, one insight per reported variation and per metric, one usage record per request.
 */
public final class InsightTracker {
    private static final long USER_WINDOW_MS = 180_000;
    private static final int MAX_USERS = 1_048_576;

    private final JobPublisher publisher;
    private final Clock clock;
    private final Map<String, Long> seenUsers = new ConcurrentHashMap<>();

    public InsightTracker(JobPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    public void track(UUID envId, List<TrackEvent> events) {
        List<String> newUsers = new ArrayList<>();
        int evaluations = 0;
        int metrics = 0;
        boolean anyValid = false;
        for (TrackEvent e : events) {
            if (e == null || e.validUser().isEmpty()) {
                continue;
            }
            anyValid = true;
            EndUser user = e.user();
            if (firstSeen(envId, user.keyId())) {
                newUsers.add(user.keyId());
                publishEndUser(envId, user);
            }
            for (TrackEvent.FlagEvaluationEvent v : e.variations()) {
                evaluations++;
                if (v != null && v.variation() != null) {
                    publisher.publish(Topics.INSIGHTS, Json.write(InsightMessage.flagValue(envId, user, v, v.variation())));
                }
            }
            for (TrackEvent.MetricEvent m : e.metrics()) {
                metrics++;
                if (m != null) {
                    publisher.publish(Topics.INSIGHTS, Json.write(InsightMessage.metric(envId, user, m)));
                }
            }
        }
        if (anyValid) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            publisher.publish(Topics.USAGE, Json.write(UsageMessage.insight(envId, today, newUsers, evaluations, metrics)));
        }
    }

    /** Every client-SDK data-sync publishes its user, without de-duplication (as FeatBit). */
    public void publishEndUser(UUID envId, EndUser user) {
        publisher.publish(Topics.END_USERS, Json.write(EndUserMessage.of(envId, user)));
    }

    /** {@link #publishEndUser} if that needs no wait; false (nothing queued) when the buffer is full or closing. */
    public boolean tryPublishEndUser(UUID envId, EndUser user) {
        return publisher.tryPublish(Topics.END_USERS, Json.write(EndUserMessage.of(envId, user)));
    }

    private boolean firstSeen(UUID envId, String keyId) {
        long now = clock.millis();
        String key = envId.toString().replace("-", "") + ":" + keyId;
        if (seenUsers.size() >= MAX_USERS) {
            seenUsers.values().removeIf(exp -> exp <= now);
        }
        boolean[] fresh = {false};
        seenUsers.compute(key, (k, expiry) -> {
            if (expiry == null || expiry <= now) {
                fresh[0] = true;
                return now + USER_WINDOW_MS;
            }
            return expiry;
        });
        return fresh[0];
    }
}
