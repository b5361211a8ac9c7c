package io.toggleworks.els.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.toggleworks.els.config.CorsConfig;

/**
 * CORS as FeatBit configures ASP.NET (evaluation-server.md §2.3). It runs before authentication, so a browser's
 * preflight (which carries no Authorization) is answered instead of getting 401.
 */
final class Cors {
    private final CorsConfig config;

    Cors(CorsConfig config) {
        this.config = config;
    }

    boolean isPreflight(HttpRequest req) {
        return config.enabled() && req.method().equals(HttpMethod.OPTIONS) && req.headers().contains(HttpHeaderNames.ORIGIN)
                && req.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /** Adds the headers of an allowed origin to {@code res}; for a preflight also the allowed method and headers. */
    void apply(HttpRequest req, FullHttpResponse res, boolean preflight) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (!config.enabled() || origin == null || !config.originAllowed(origin)) {
            return;
        }
        if (config.anyOrigin()) {
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else {
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            res.headers().add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
        if (config.allowCredentials()) {
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
        if (!preflight) {
            if (res.headers().contains(HttpHeaderNames.ETAG)) {
                res.headers().set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, HttpHeaderNames.ETAG); // OFREP web providers read it
            }
            return;
        }
        String method = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        if (config.allowedMethods().contains("*") || config.allowedMethods().stream().anyMatch(m -> m.equalsIgnoreCase(method))) {
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, method);
        }
        String headers = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (headers != null && !headers.isBlank()) {
            if (config.allowedHeaders().contains("*")) {
                res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headers);
            } else {
                res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(",", config.allowedHeaders()));
            }
        }
    }
}
