package io.toggleworks.core.wire;

import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.json.Json;
import tools.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * The {@code data} of an SDK's {@code data-sync} request (evaluation-server.md §3.4, §3.5): the SDK's cursor and,
 * for client SDKs, the user.
 *
 * @param timestamp the SDK's store version in Unix ms; 0 asks for a full sync
 * @param user      present for client SDKs
 */
public record DataSyncRequest(long timestamp, Optional<EndUser> user) {

    /**
     * FeatBit uses an integral {@code timestamp} and treats absent or non-integral ones as 0. It fails on null or a
     * string; we answer those with a full sync instead, which no SDK can tell from a success it expected.
     */
    public static DataSyncRequest from(JsonNode data) {
        long timestamp = 0;
        Optional<EndUser> user = Optional.empty();
        if (data != null && data.isObject()) {
            JsonNode ts = property(data, "timestamp");
            if (ts != null && ts.isIntegralNumber() && ts.canConvertToLong()) {
                timestamp = ts.longValue();
            }
            JsonNode u = property(data, "user");
            if (u != null && u.isObject()) {
                user = Optional.of(Json.mapper().treeToValue(u, EndUser.class));
            }
        }
        return new DataSyncRequest(timestamp, user);
    }

    public boolean isFull() {
        return timestamp == 0;
    }

    // Web defaults match property names case-insensitively.
    private static JsonNode property(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (var e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
