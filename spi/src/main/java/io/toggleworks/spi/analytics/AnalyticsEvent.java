package io.toggleworks.spi.analytics;

import java.util.Objects;
import java.util.UUID;

/**
 * One row of FeatBit's {@code events} store (infrastructure-and-analytics.md §4.1, §5.5): an SDK flag evaluation
 * ({@code event = "FlagValue"}, {@code distinctId = "<envId>-<flagKey>"}) or a metric event ({@code CustomEvent},
 * {@code PageView}, {@code Click}, {@code distinctId} = event name). The id makes writes idempotent: a batch
 * delivered twice stores each event once.
 *
 * @param propertiesJson the raw JSON object text (tag_0 user key, tag_1 variation id / numeric value,
 *                       tag_2 send-to-experiment, tag_3 user name, ...); "{}" when there is none
 * @param timestampMicros microseconds since the Unix epoch, UTC
 */
public record AnalyticsEvent(UUID id, String distinctId, String envId, String event, String propertiesJson,
                             long timestampMicros) {
    public AnalyticsEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(distinctId, "distinctId");
        Objects.requireNonNull(envId, "envId");
        Objects.requireNonNull(event, "event");
        propertiesJson = propertiesJson == null || propertiesJson.isBlank() ? "{}" : propertiesJson;
    }
}
