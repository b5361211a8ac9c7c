package io.toggleworks.els.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/** Small builders for the ELS's HTTP responses. */
final class HttpResponses {
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    private HttpResponses() {
    }

    static FullHttpResponse of(HttpResponseStatus status, ByteBuf body, String contentType) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        if (body.isReadable()) {
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return res;
    }

    static FullHttpResponse json(ByteBuf body) {
        return of(HttpResponseStatus.OK, body, JSON);
    }

    static FullHttpResponse json(HttpResponseStatus status, String body) {
        return of(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), JSON);
    }

    static FullHttpResponse text(HttpResponseStatus status, String body) {
        return of(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), TEXT);
    }

    static FullHttpResponse empty(HttpResponseStatus status) {
        return of(status, Unpooled.EMPTY_BUFFER, TEXT);
    }
}
