package io.toggleworks.infra.clickhouse.analytics;

import io.toggleworks.spi.analytics.AnalyticsEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** Turns events into {@code JSONEachRow} lines for the {@code events} table, tags extracted here. */
final class EventRows {
    private static final Logger LOG = LoggerFactory.getLogger(EventRows.class);
    /** Decimals kept as written ("1.50" stays "1.50"), as PostgreSQL's {@code ->>} returns them. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** ClickHouse {@code DateTime} is an unsigned 32-bit count of seconds. */
    static final long MAX_DATETIME_SECONDS = 0xFFFF_FFFFL;

    private EventRows() {
    }

    /**
     * The rows of {@code events}, one JSON object per line. An event whose properties are not JSON is left out and
     * logged (PostgreSQL's jsonb column refuses it too), so one bad event never blocks the rest of its batch or
     * comes back forever through redelivery.
     */
    static byte[] encode(List<AnalyticsEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 512);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            for (AnalyticsEvent e : events) {
                JsonNode properties = parseProperties(e);
                if (properties == null) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringProperty("uuid", e.id().toString());
                g.writeStringProperty("distinct_id", e.distinctId());
                g.writeStringProperty("env_id", e.envId());
                g.writeStringProperty("event", e.event());
                g.writeStringProperty("properties", e.propertiesJson());
                g.writeNumberProperty("timestamp", dateTimeSeconds(e.timestampMicros()));
                g.writeNumberProperty("timestamp_us", e.timestampMicros());
                for (int i = 0; i < EventsSchema.TAGS; i++) {
                    g.writeStringProperty("tag_" + i, tag(properties, "tag_" + i));
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
        return out.toByteArray();
    }

    /** Whole seconds for the {@code DateTime} column, floored and held inside its range (1970 to 2106). */
    static long dateTimeSeconds(long micros) {
        return Math.max(0, Math.min(MAX_DATETIME_SECONDS, Math.floorDiv(micros, 1_000_000L)));
    }

    /** The parsed properties (any JSON value: an array or number simply has no tags), or null when not JSON. */
    private static JsonNode parseProperties(AnalyticsEvent e) {
        try {
            JsonNode node = MAPPER.readTree(e.propertiesJson());
            if (node != null && !node.isMissingNode()) {
                return node;
            }
            LOG.warn("Rejected insight event {} (event {}): properties are empty", e.id(), e.event());
        } catch (JacksonException ex) {
            LOG.warn("Rejected insight event {} (event {}): properties are not JSON: {}", e.id(), e.event(),
                    ex.getOriginalMessage());
        }
        return null;
    }

    /** PostgreSQL's {@code properties->>'tag_N'}: text as is, other values as JSON text; absent or null is "". */
    private static String tag(JsonNode properties, String name) {
        JsonNode value = properties.isObject() ? properties.get(name) : null;
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isString()) {
            return value.stringValue();
        }
        return value.isBigDecimal() ? value.decimalValue().toPlainString() : value.toString();
    }
}
