package io.toggleworks.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.time.Instant;

/**
 * The one JSON configuration of the platform: FeatBit's System.Text.Json "Web" conventions (evaluation-server.md §0.3).
 * camelCase names (Java's own), nulls written, property names matched case-insensitively on read, unknown properties
 * ignored, UUIDs lowercase, {@link Instant} as ISO-8601 UTC with {@code Z} and trimmed fraction ({@link IsoInstant}).
 */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Callers own their streams (network buffers, HTTP responses): writing must not close them.
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            // FeatBit writes documents that may carry null for value-typed fields; a default is kinder than a failure.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Web defaults write every property, including nulls and empty lists.
            .changeDefaultPropertyInclusion(incl -> JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS))
            .addModule(new SimpleModule("toggleworks-instant")
                    .addSerializer(Instant.class, new IsoInstant.Serializer())
                    .addDeserializer(Instant.class, new IsoInstant.Deserializer())
                    .addSerializer(Double.class, new DotNetDoubles.Boxed())
                    .addSerializer(double.class, new DotNetDoubles.Boxed())
                    .addSerializer(Float.class, new DotNetDoubles.BoxedFloat())
                    .addSerializer(float.class, new DotNetDoubles.BoxedFloat())
                    .addSerializer(double[].class, new DotNetDoubles.Array()))
            .build();

    private Json() {
    }

    /** The shared, thread-safe mapper. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static byte[] writeBytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Streams a value as UTF-8 JSON into {@code out} (e.g. a network buffer), without an intermediate array. */
    public static void writeTo(java.io.OutputStream out, Object value) {
        MAPPER.writeValue(out, value);
    }

    /** Reads a value; throws {@link JacksonException} (unchecked) on malformed input. */
    public static <T> T read(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

    public static <T> T read(byte[] json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

    public static <T> T read(String json, TypeReference<T> type) {
        return MAPPER.readValue(json, type);
    }

    public static JsonNode tree(String json) {
        return MAPPER.readTree(json);
    }

    public static JsonNode tree(byte[] json) {
        return MAPPER.readTree(json);
    }
}
