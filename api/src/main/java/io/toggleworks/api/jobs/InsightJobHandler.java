package io.toggleworks.api.jobs;

import io.toggleworks.core.json.Json;
import io.toggleworks.core.wire.InsightMessage;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.JobMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code featbit-insights} (api.md §7, infrastructure §2.7): appends a batch to the {@code events} table in one
 * transaction. Unlike FeatBit's 1-second in-memory buffer, nothing is acknowledged before it is stored, and the
 * message uuid is the row id with {@code on conflict do nothing}, so a batch delivered again after a crash does not
 * duplicate events (ADR 0062). Malformed messages are logged and dropped.
 */
@Component
public class InsightJobHandler implements JobConsumer.BatchHandler {
    private static final Logger log = LoggerFactory.getLogger(InsightJobHandler.class);
    private static final String INSERT = """
            insert into events (id, distinct_id, env_id, event, properties, timestamp)
            values (?, ?, ?, ?, cast(? as jsonb), ?) on conflict (id) do nothing""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AtomicLong malformed = new AtomicLong();

    public InsightJobHandler(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public void handle(List<JobMessage> batch) {
        List<Object[]> rows = new ArrayList<>();
        for (JobMessage m : batch) {
            Object[] row = row(m);
            if (row != null) {
                rows.add(row);
            }
        }
        if (!rows.isEmpty()) {
            tx.executeWithoutResult(s -> jdbc.batchUpdate(INSERT, rows));
        }
    }

    public long malformedCount() {
        return malformed.get();
    }

    private Object[] row(JobMessage m) {
        try {
            InsightMessage i = Json.read(m.jsonPayload(), InsightMessage.class);
            String problem = i == null ? "empty" : i.uuid() == null ? "no uuid"
                    : i.distinctId() == null ? "no distinct_id"
                    : i.timestamp() <= 0 ? "no timestamp" : null;
            if (problem == null && i.properties() != null && !i.properties().isBlank()) {
                try {
                    Json.tree(i.properties());
                } catch (RuntimeException e) {
                    problem = "properties is not JSON";
                }
            }
            if (problem != null) {
                drop(m, problem);
                return null;
            }
            // µs since the epoch -> ms -> UTC wall-clock, as FeatBit writes the timestamp column (no zone).
            LocalDateTime at = LocalDateTime.ofInstant(Instant.ofEpochMilli(i.timestamp() / 1000), ZoneOffset.UTC);
            String props = i.properties() == null || i.properties().isBlank() ? null : i.properties();
            return new Object[] {i.uuid(), i.distinctId(), i.envId(), i.event(), props, Timestamp.valueOf(at)};
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
