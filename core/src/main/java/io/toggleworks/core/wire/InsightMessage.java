package io.toggleworks.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Published on {@code featbit-insights} (infrastructure-and-analytics.md §2.2.4): snake_case keys, {@code properties}
 * a JSON <em>string</em>, {@code timestamp} in microseconds. The {@code tag_N} properties let SQL back ends filter
 * without JSON parsing, so they must stay byte-compatible.
 */
public record InsightMessage(
        UUID uuid,
        @JsonProperty("distinct_id") String distinctId,
        @JsonProperty("env_id") String envId,
        String event,
        String properties,
        long timestamp) {

    public static final String FLAG_VALUE = "FlagValue";

    /** The insight for one flag evaluation that carries a variation. */
    public static InsightMessage flagValue(UUID envId, EndUser user, TrackEvent.FlagEvaluationEvent e, VariationOption variation) {
        String env = envId.toString();
        String flagId = env + "-" + e.featureFlagKey();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("route", "/Variation/GetMultiOptionVariation");
        p.put("flagId", flagId);
        p.put("envId", env);
        p.put("accountId", "");
        p.put("projectId", "");
        p.put("featureFlagKey", e.featureFlagKey());
        p.put("sendToExperiment", e.sendToExperiment());
        p.put("userKeyId", user.keyId());
        p.put("userName", user.name());
        p.put("variationId", variation.id());
        p.put("tag_0", user.keyId());
        p.put("tag_1", variation.id());
        p.put("tag_2", e.sendToExperiment() ? "true" : "false");
        p.put("tag_3", user.name());
        return new InsightMessage(UUID.randomUUID(), flagId, env, FLAG_VALUE, Json.write(p), e.timestamp() * 1000);
    }

    /** The insight for one custom metric; the event name is the metric's type. */
    public static InsightMessage metric(UUID envId, EndUser user, TrackEvent.MetricEvent m) {
        String env = envId.toString();
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("keyId", user.keyId());
        u.put("name", user.name());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("route", m.route());
        p.put("type", m.type());
        p.put("eventName", m.eventName());
        p.put("numericValue", m.numericValue());
        p.put("user", u);
        p.put("applicationType", m.appType());
        p.put("projectId", "");
        p.put("envId", env);
        p.put("accountId", "");
        p.put("tag_0", user.keyId());
        p.put("tag_1", DotNetFloat.toString(m.numericValue()));
        p.put("tag_2", user.name());
        return new InsightMessage(UUID.randomUUID(), m.eventName(), env, m.type(), Json.write(p), m.timestamp() * 1000);
    }
}
