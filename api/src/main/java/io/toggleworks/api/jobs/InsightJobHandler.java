package io.toggleworks.api.jobs;

import io.toggleworks.core.json.Json;
import io.toggleworks.core.wire.InsightMessage;
import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.JobMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code featbit-insights} (api.md §7, infrastructure §2.7): appends a batch to the analytics store chosen by
 * {@code Analytics__Provider} (default the main database's {@code events} table; ClickHouse in the Professional tier,
 * ADR 0077), in one append. Unlike FeatBit's 1-second in-memory buffer,
 * nothing is acknowledged before it is stored, and the message uuid is the event id, so a batch delivered again after
 * a crash does not duplicate events (ADR 0062). A malformed message is logged and dropped here; an event the database
 * refuses (e.g. a NUL character in its properties) is logged and skipped by the store, and the rest of its batch is
 * stored. Timestamps keep their microseconds (FeatBit truncates them to milliseconds).
 */
@Component
public class InsightJobHandler implements JobConsumer.BatchHandler {
    private static final Logger log = LoggerFactory.getLogger(InsightJobHandler.class);

    private final AnalyticsStore store;
    private final AtomicLong malformed = new AtomicLong();

    public InsightJobHandler(AnalyticsStore store) {
        this.store = store;
    }

    /**
     * The whole batch in one {@code append}. A {@link io.toggleworks.spi.store.StoreUnavailableException} propagates:
     * the queue then redelivers the batch (the Kafka consumer commits offsets only after this returns).
     */
    @Override
    public void handle(List<JobMessage> batch) {
        List<AnalyticsEvent> events = new ArrayList<>(batch.size());
        for (JobMessage m : batch) {
            AnalyticsEvent e = event(m);
            if (e != null) {
                events.add(e);
            }
        }
        store.append(events);
    }

    public long malformedCount() {
        return malformed.get();
    }

    private AnalyticsEvent event(JobMessage m) {
        try {
            InsightMessage i = Json.read(m.jsonPayload(), InsightMessage.class);
            String problem = i == null ? "empty" : i.uuid() == null ? "no uuid"
                    : i.distinctId() == null ? "no distinct_id"
                    : i.envId() == null ? "no env_id"
                    : i.event() == null ? "no event"
                    : i.timestamp() <= 0 ? "no timestamp" : null;
            if (problem == null && i.properties() != null && !i.properties().isBlank()) {
                try {
                    if (!Json.tree(i.properties()).isObject()) {
                        problem = "properties is not a JSON object";
                    }
                } catch (RuntimeException e) {
                    problem = "properties is not JSON";
                }
            }
            if (problem != null) {
                drop(m, problem);
                return null;
            }
            return new AnalyticsEvent(i.uuid(), i.distinctId(), i.envId(), i.event(), i.properties(), i.timestamp());
        } catch (RuntimeException e) {
            drop(m, e.getClass().getSimpleName());
            return null;
        }
    }

    private void drop(JobMessage m, String why) {
        malformed.incrementAndGet();
        log.warn("Dropped malformed insight message {} ({}): {}", m.id(), why, EndUserJobHandler.abbreviate(m.jsonPayload()));
    }
}
