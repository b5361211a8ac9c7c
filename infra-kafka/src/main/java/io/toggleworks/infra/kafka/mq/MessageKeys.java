package io.toggleworks.infra.kafka.mq;

import io.toggleworks.core.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.util.Optional;

/**
 * The record key of a message: its environment id, so that one environment's messages share a partition and stay
 * in order however many partitions a topic has. FeatBit sends no key; its consumers ignore keys.
 *
 * <p>Where the id sits: {@code envId} at the top of flag changes, end-user and usage messages; {@code env_id} at
 * the top of insight messages; {@code segment.envId} in segment changes. Only the top level and the
 * {@code segment} object are scanned, with a streaming parser that stops at the first hit.
 */
final class MessageKeys {
    private MessageKeys() {
    }

    /** The environment id of {@code json}; empty when there is none or the JSON is malformed. */
    static Optional<String> envId(String json) {
        try (JsonParser p = Json.mapper().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            return scanObject(p, true);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> scanObject(JsonParser p, boolean top) {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING && (name.equalsIgnoreCase("envId") || (top && name.equals("env_id")))) {
                String id = p.getString();
                if (!id.isBlank()) {
                    return Optional.of(id);
                }
            } else if (top && value == JsonToken.START_OBJECT && name.equalsIgnoreCase("segment")) {
                Optional<String> inner = scanObject(p, false);
                if (inner.isPresent()) {
                    return inner;
                }
            } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                p.skipChildren();
            }
        }
        return Optional.empty();
    }
}
