package io.toggleworks.core.wire;

import io.toggleworks.core.json.Json;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The WebSocket envelope of the SDK protocol: {@code {"messageType": ..., "data": ...}} (evaluation-server.md §3.2).
 */
public record Message<T>(String messageType, T data) {
    public static final String DATA_SYNC = "data-sync";
    public static final String PING = "ping";
    public static final String PONG = "pong";

    /** The exact bytes FeatBit answers a ping with. */
    public static final String PONG_JSON = "{\"messageType\":\"pong\",\"data\":{}}";

    private static final TypeReference<Message<JsonNode>> TREE = new TypeReference<>() {
    };

    public static <T> Message<T> dataSync(T data) {
        return new Message<>(DATA_SYNC, data);
    }

    /** Parses an inbound envelope, keeping {@code data} as a tree; throws (unchecked) on malformed JSON. */
    public static Message<JsonNode> parse(String json) {
        return Json.read(json, TREE);
    }

    public static Message<JsonNode> parse(byte[] json) {
        return Json.mapper().readValue(json, TREE);
    }
}
