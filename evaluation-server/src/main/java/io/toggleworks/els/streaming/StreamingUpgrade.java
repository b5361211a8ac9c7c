package io.toggleworks.els.streaming;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.toggleworks.els.auth.AuthResult;
import io.toggleworks.els.config.StreamingLimits;
import io.toggleworks.els.metrics.ElsMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The {@code /streaming} upgrade (evaluation-server.md §2.1). Validation happens before the upgrade, but like
 * FeatBit we always complete it (HTTP 101) and then close at once with 4003 (invalid: SDKs stop) or 1011 (store
 * unavailable: SDKs retry), because SDKs only read close codes, not HTTP statuses.
 */
public final class StreamingUpgrade {
    private static final Logger log = LoggerFactory.getLogger(StreamingUpgrade.class);
    public static final int INVALID = 4003;
    public static final int UNAVAILABLE = 1011;
    /** Name of the HTTP-phase read timeout in the pipeline; WebSockets have none, as FeatBit's. */
    public static final String HTTP_TIMEOUT = "http-timeout";

    private final HandshakeValidator validator;
    private final ConnectionRegistry registry;
    private final DataSyncService dataSync;
    private final StreamingLimits limits;
    private final Executor blocking;
    private final ElsMetrics metrics;
    private final WebSocketDecoderConfig decoderConfig;

    public StreamingUpgrade(HandshakeValidator validator, ConnectionRegistry registry, DataSyncService dataSync, StreamingLimits limits,
                            Executor blocking, ElsMetrics metrics) {
        this.validator = validator;
        this.registry = registry;
        this.dataSync = dataSync;
        this.limits = limits;
        this.blocking = blocking;
        this.metrics = metrics;
        // A single frame over the limit is refused by the decoder itself with 1009; fragments are counted by us.
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(limits.maxMessageBytes())
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build();
    }

    /** FeatBit: the path starts with the segment {@code /streaming} and the request is a WebSocket upgrade. */
    public static boolean isStreamingRequest(FullHttpRequest req, String path) {
        boolean pathMatches = path.equalsIgnoreCase("/streaming") || path.regionMatches(true, 0, "/streaming/", 0, 11);
        return pathMatches && req.method().equals(HttpMethod.GET)
                && req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /** Takes ownership of {@code req}. {@code httpHandler} is replaced by the socket handler once accepted. */
    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, ChannelHandler httpHandler) {
        ctx.channel().config().setAutoRead(false); // no frame may arrive before we know what to do with it
        if (ctx.pipeline().get(HTTP_TIMEOUT) != null) {
            ctx.pipeline().remove(HTTP_TIMEOUT);
        }
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        // Usually the secret is cached: decided here, no thread hand-off. Completed in a task of this loop all the
        // same, as the store path does, so the pipeline changes never happen inside the HTTP handler's read.
        Optional<HandshakeValidator.Outcome> cached;
        try {
            cached = validator.validateIfCached(query.parameters());
        } catch (RuntimeException e) {
            cached = Optional.empty(); // the store path below reports it
        }
        if (cached.isPresent()) {
            HandshakeValidator.Outcome decided = cached.get();
            ctx.executor().execute(() -> complete(ctx, req, httpHandler, decided));
            return;
        }
        blocking.execute(() -> {
            HandshakeValidator.Outcome outcome;
            try {
                outcome = validator.validate(query.parameters());
            } catch (RuntimeException e) {
                outcome = new HandshakeValidator.Outcome(new AuthResult.Unavailable("Malformed request: " + e.getMessage()), java.util.Optional.empty());
            }
            HandshakeValidator.Outcome decided = outcome;
            ctx.executor().execute(() -> complete(ctx, req, httpHandler, decided));
        });
    }

    private void complete(ChannelHandlerContext ctx, FullHttpRequest req, ChannelHandler httpHandler, HandshakeValidator.Outcome outcome) {
        try {
            String location = "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + "/streaming";
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location, null, decoderConfig).newHandshaker(req);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            if (outcome.auth() instanceof AuthResult.Accepted accepted) {
                Connection connection = new Connection(ctx.channel(), outcome.type().orElseThrow(), accepted.secret(), limits.maxPendingBytes());
                ctx.pipeline().replace(httpHandler, "els-streaming", new StreamingSocketHandler(connection, registry, dataSync, limits, metrics));
                handshaker.handshake(ctx.channel(), req).addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        f.channel().config().setAutoRead(true);
                    } else {
                        f.channel().close();
                    }
                });
            } else {
                boolean unavailable = outcome.auth() instanceof AuthResult.Unavailable;
                String reason = outcome.auth() instanceof AuthResult.Rejected r ? r.reason() : ((AuthResult.Unavailable) outcome.auth()).reason();
                log.info("streaming request rejected ({}): {}", unavailable ? UNAVAILABLE : INVALID, reason);
                metrics.inc("els_handshakes_rejected_total", "reason", unavailable ? "unavailable" : "invalid");
                ctx.pipeline().remove(httpHandler);
                handshaker.handshake(ctx.channel(), req).addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        f.channel().writeAndFlush(unavailable
                                        ? new CloseWebSocketFrame(UNAVAILABLE, "service unavailable, close by server")
                                        : new CloseWebSocketFrame(INVALID, "invalid request, close by server"))
                                .addListener(ChannelFutureListener.CLOSE);
                    } else {
                        f.channel().close();
                    }
                });
            }
        } finally {
            req.release();
        }
    }
}
