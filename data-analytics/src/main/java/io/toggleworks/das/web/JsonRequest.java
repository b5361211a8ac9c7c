package io.toggleworks.das.web;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A DAS request body read field by field, so that every missing or malformed field is reported by name with a 400
 * (FeatBit's DAS fails such requests with a 500). Keys are FeatBit's camelCase names.
 */
public final class JsonRequest {
    private final JsonNode body;

    public JsonRequest(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw DasException.badRequest("request body must be a JSON object");
        }
        this.body = body;
    }

    public JsonNode node() {
        return body;
    }

    private Optional<JsonNode> value(String name) {
        JsonNode v = body.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    public boolean has(String name) {
        return value(name).isPresent();
    }

    public String requiredString(String name) {
        return optionalString(name).orElseThrow(() -> DasException.badRequest(name + " is required"));
    }

    /** A text (or number) field; blank counts as absent. */
    public Optional<String> optionalString(String name) {
        return value(name).map(v -> {
            if (v.isString() || v.isNumber() || v.isBoolean()) {
                return v.asString();
            }
            throw DasException.badRequest(name + " must be a string");
        }).filter(s -> !s.isBlank());
    }

    public Instant requiredTime(String name) {
        return optionalTime(name).orElseThrow(() -> DasException.badRequest(name + " is required"));
    }

    /** A time in any of the forms {@link TimeInput} accepts. */
    public Optional<Instant> optionalTime(String name) {
        return value(name).map(v -> {
            Optional<Instant> t = v.isIntegralNumber() ? TimeInput.fromNumber(v.longValue())
                    : v.isNumber() ? TimeInput.fromNumber((long) v.doubleValue())
                    : v.isString() ? (v.asString().isBlank() ? Optional.<Instant>empty() : TimeInput.parse(v.asString()))
                    : Optional.<Instant>empty();
            if (t.isEmpty() && !(v.isString() && v.asString().isBlank())) {
                throw DasException.badRequest(name + " must be a time in seconds, milliseconds, microseconds or ISO-8601");
            }
            return t;
        }).flatMap(t -> t);
    }

    public int optionalInt(String name, int defaultValue, int min, int max) {
        Optional<JsonNode> v = value(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        long n;
        if (v.get().isIntegralNumber()) {
            n = v.get().longValue();
        } else if (v.get().isString() && v.get().asString().trim().matches("-?\\d{1,18}")) {
            n = Long.parseLong(v.get().asString().trim());
        } else {
            throw DasException.badRequest(name + " must be an integer");
        }
        if (n < min || n > max) {
            throw DasException.badRequest(name + " must be between " + min + " and " + max);
        }
        return (int) n;
    }

    public Optional<Double> optionalNumber(String name) {
        return value(name).map(v -> {
            if (v.isNumber()) {
                return v.doubleValue();
            }
            if (v.isString()) {
                try {
                    return Double.parseDouble(v.asString().trim());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw DasException.badRequest(name + " must be a number");
        });
    }

    public List<String> requiredStringList(String name) {
        JsonNode v = value(name).orElseThrow(() -> DasException.badRequest(name + " is required"));
        if (!v.isArray()) {
            throw DasException.badRequest(name + " must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isString()) {
                throw DasException.badRequest(name + " must be an array of strings");
            }
            result.add(item.asString());
        }
        return List.copyOf(result);
    }
}
