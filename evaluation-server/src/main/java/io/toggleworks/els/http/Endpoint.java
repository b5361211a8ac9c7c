package io.toggleworks.els.http;

import io.netty.handler.codec.http.FullHttpResponse;

/** Answers one authenticated SDK route. Runs on a virtual thread: it may block on the store. */
@FunctionalInterface
public interface Endpoint {
    FullHttpResponse handle(SdkRequest request) throws BadRequest;
}
