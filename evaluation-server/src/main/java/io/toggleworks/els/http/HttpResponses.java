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
public final class HttpResponses {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    private HttpResponses() {
    }

    public static FullHttpResponse of(HttpResponseStatus status, ByteBuf body, String contentType) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        if (body.isReadable()) {
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return res;
    }

    public static FullHttpResponse json(ByteBuf body) {
        return of(HttpResponseStatus.OK, body, JSON);
    }

    public static FullHttpResponse json(HttpResponseStatus status, String body) {
        return of(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), JSON);
    }

    public static FullHttpResponse text(HttpResponseStatus status, String body) {
        return of(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), TEXT);
    }

    public static FullHttpResponse empty(HttpResponseStatus status) {
        return of(status, Unpooled.EMPTY_BUFFER, TEXT);
    }
}
