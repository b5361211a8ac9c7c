package io.toggleworks.els.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.secret.SecretRecord;
import tools.jackson.core.type.TypeReference;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An authenticated SDK request as an {@link Endpoint} sees it.
 *
 * @param path   the request path, without a trailing slash, in its original case
 * @param secret the store's record of the caller's secret: its environment is the only one it may read
 */
public record SdkRequest(FullHttpRequest http, QueryStringDecoder uri, String path, SecretRecord secret, ByteBufAllocator alloc) {

    /** A query parameter by name, ignoring case (ASP.NET model binding). */
    public Optional<String> query(String name) {
        for (Map.Entry<String, List<String>> e : uri.parameters().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().getFirst());
            }
        }
        return Optional.empty();
    }

    /** The JSON body as {@code type}; null when the body is empty; malformed JSON is a {@link BadRequest}. */
    public <T> T body(Class<T> type) throws BadRequest {
        try (InputStream in = new ByteBufInputStream(http.content().duplicate())) {
            return http.content().isReadable() ? Json.mapper().readValue(in, type) : null;
        } catch (IOException | RuntimeException e) {
            throw new BadRequest(null);
        }
    }

    public <T> T body(TypeReference<T> type) throws BadRequest {
        try (InputStream in = new ByteBufInputStream(http.content().duplicate())) {
            return http.content().isReadable() ? Json.mapper().readValue(in, type) : null;
        } catch (IOException | RuntimeException e) {
            throw new BadRequest(null);
        }
    }
}
