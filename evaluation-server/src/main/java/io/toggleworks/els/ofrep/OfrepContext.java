package io.toggleworks.els.ofrep;

import io.toggleworks.core.enduser.CustomizedProperty;
import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.json.Json;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OFREP evaluation context as a FeatBit end user (ADR 0044): {@code targetingKey} is the user's keyId,
 * {@code name} (a string) its name, every other attribute a customized property whose value is the attribute as a
 * string (numbers and booleans as their JSON text, objects and arrays as JSON).
 *
 * @param canonical the attributes sorted by name, for the bulk ETag: equal contexts give equal text
 */
record OfrepContext(EndUser user, String canonical) {
    static final String TARGETING_KEY = "targetingKey";

    /** A request the context cannot be read from: {@code errorCode} is OFREP's. */
    static final class Invalid extends Exception {
        final String errorCode;

        Invalid(String errorCode, String details) {
            super(details, null, false, false);
            this.errorCode = errorCode;
        }
    }

    static OfrepContext parse(byte[] body) throws Invalid {
        JsonNode root;
        try {
            root = body.length == 0 ? null : Json.tree(body);
        } catch (RuntimeException e) {
            throw new Invalid("PARSE_ERROR", "the request body is not valid JSON");
        }
        if (root != null && !root.isObject() && !root.isNull()) {
            throw new Invalid("PARSE_ERROR", "the request body must be a JSON object");
        }
        JsonNode context = root == null || root.isNull() ? null : root.get("context");
        if (context == null || context.isNull()) {
            throw new Invalid("TARGETING_KEY_MISSING", "the evaluation context has no targetingKey");
        }
        if (!context.isObject()) {
            throw new Invalid("INVALID_CONTEXT", "context must be a JSON object");
        }
        JsonNode key = context.get(TARGETING_KEY);
        if (key == null || key.isNull() || (key.isString() && key.asString().isBlank())) {
            throw new Invalid("TARGETING_KEY_MISSING", "the evaluation context has no targetingKey");
        }
        if (!key.isString()) {
            throw new Invalid("INVALID_CONTEXT", "targetingKey must be a string");
        }
        Map<String, String> attributes = new TreeMap<>();
        String name = null;
        for (Map.Entry<String, JsonNode> e : context.properties()) {
            if (e.getKey().equals(TARGETING_KEY)) {
                continue;
            }
            JsonNode v = e.getValue();
            String text = v.isNull() ? null : v.isString() ? v.asString() : v.isValueNode() ? v.asString() : Json.write(v);
            if (e.getKey().equals("name") && v.isString()) {
                name = text;
            } else {
                attributes.put(e.getKey(), text);
            }
        }
        List<CustomizedProperty> properties = new ArrayList<>(attributes.size());
        attributes.forEach((k, v) -> properties.add(new CustomizedProperty(k, v)));
        String keyId = key.asString();
        StringBuilder canonical = new StringBuilder(keyId.length() + 64).append(keyId).append('\0').append(name).append('\0');
        attributes.forEach((k, v) -> canonical.append(k).append('\u0001').append(v).append('\0'));
        return new OfrepContext(new EndUser(keyId, name, properties), canonical.toString());
    }

    static String sha256Hex(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(d.length * 2);
            for (byte b : d) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
