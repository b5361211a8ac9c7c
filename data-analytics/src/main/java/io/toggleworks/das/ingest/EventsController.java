package io.toggleworks.das.ingest;

import io.toggleworks.core.json.Json;
import io.toggleworks.das.web.DasException;
import io.toggleworks.das.web.DasResponse;
import io.toggleworks.das.web.TimeInput;
import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.AnalyticsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /api/events} (§5.3): the body is an array of event <em>properties</em> objects, each turned into one
 * event ({@code type} → event, default {@code FlagValue}; {@code flagId} or {@code eventName} → distinct id;
 * {@code envId}; {@code timestamp} in s, ms, µs or ISO-8601, default now). An item may carry its own {@code uuid},
 * which makes a retried request harmless. Unlike FeatBit, a malformed item is refused with its reason and the valid
 * items are still stored.
 */
@RestController
public class EventsController {
    private static final Logger log = LoggerFactory.getLogger(EventsController.class);
    static final int MAX_ITEMS = 10_000;

    private final AnalyticsStore store;

    public EventsController(AnalyticsStore store) {
        this.store = store;
    }

    public record Rejected(int index, String reason) {
    }

    public record Result(int accepted, List<Rejected> rejected) {
    }

    @PostMapping("/api/events")
    public DasResponse<Result> ingest(@RequestBody(required = false) JsonNode body) {
        if (body == null || !body.isArray()) {
            throw DasException.badRequest("request body must be a JSON array of event properties");
        }
        if (body.size() > MAX_ITEMS) {
            throw DasException.badRequest("at most " + MAX_ITEMS + " events per request");
        }
        List<AnalyticsEvent> events = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            try {
                events.add(event(body.get(i)));
            } catch (IllegalArgumentException e) {
                rejected.add(new Rejected(i, e.getMessage()));
                log.warn("Rejected event {} of a POST /api/events: {}", i, e.getMessage());
            }
        }
        store.append(events);
        return DasResponse.ok(new Result(events.size(), rejected));
    }

    static AnalyticsEvent event(JsonNode p) {
        if (p == null || !p.isObject()) {
            throw new IllegalArgumentException("item is not a JSON object");
        }
        String type = text(p, "type").orElse("FlagValue");
        String distinctId = text(p, "flagId").or(() -> text(p, "eventName"))
                .orElseThrow(() -> new IllegalArgumentException("flagId or eventName is required"));
        String envId = text(p, "envId").orElseThrow(() -> new IllegalArgumentException("envId is required"));
        Instant at = Instant.now();
        JsonNode ts = p.get("timestamp");
        if (ts != null && !ts.isNull()) {
            Optional<Instant> parsed = ts.isIntegralNumber() ? TimeInput.fromNumber(ts.longValue())
                    : ts.isNumber() ? TimeInput.fromNumber((long) ts.doubleValue())
                    : ts.isString() ? TimeInput.parse(ts.asString()) : Optional.empty();
            at = parsed.orElseThrow(() -> new IllegalArgumentException("timestamp is not a time in s, ms, µs or ISO-8601"));
        }
        UUID id;
        try {
            id = text(p, "uuid").map(UUID::fromString).orElseGet(UUID::randomUUID);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("uuid is not a UUID");
        }
        return new AnalyticsEvent(id, distinctId, envId, type, Json.write(p), ChronoUnit.MICROS.between(Instant.EPOCH, at));
    }

    private static Optional<String> text(JsonNode p, String name) {
        JsonNode v = p.get(name);
        return v == null || !v.isString() || v.asString().isBlank() ? Optional.empty() : Optional.of(v.asString());
    }
}
