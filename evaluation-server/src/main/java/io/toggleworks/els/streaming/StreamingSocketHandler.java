package io.toggleworks.els.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.toggleworks.core.json.Json;
import io.toggleworks.els.config.StreamingLimits;
import io.toggleworks.els.metrics.ElsMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Reads one SDK's WebSocket (evaluation-server.md §3.1, §3.2): reassembles fragmented messages up to the size limit,
 * applies the per-connection rate cap, parses the envelope and dispatches {@code ping}, {@code echo} and
 * {@code data-sync}. Bad input is refused with a close code or ignored with a log line; it never reaches another
 * connection.
 */
public final class StreamingSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(StreamingSocketHandler.class);

    private final Connection connection;
    private final ConnectionRegistry registry;
    private final DataSyncService dataSync;
    private final StreamingLimits limits;
    private final ElsMetrics metrics;
    private final TokenBucket bucket;
    private CompositeByteBuf partial;
    private int fragments;
    private ScheduledFuture<?> fragmentTimer;
    private long ignoredByRate;

    StreamingSocketHandler(Connection connection, ConnectionRegistry registry, DataSyncService dataSync, StreamingLimits limits, ElsMetrics metrics) {
        this.connection = connection;
        this.registry = registry;
        this.dataSync = dataSync;
        this.limits = limits;
        this.metrics = metrics;
        this.bucket = new TokenBucket(limits.messagesPerSecond(), limits.burst());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        registry.add(connection);
        metrics.inc("els_connections_opened_total", "sdk_type", connection.type().wire());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cleanUp();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cleanUp();
    }

    private void cleanUp() {
        registry.remove(connection);
        releasePartial();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        switch (frame) {
            case TextWebSocketFrame text -> {
                if (partial != null) {
                    // The decoder enforces continuation order; a new text frame mid-message is a client bug.
                    releasePartial();
                }
                if (text.isFinalFragment()) {
                    onMessage(text.content());
                } else {
                    startPartial(ctx, text.content());
                }
            }
            case ContinuationWebSocketFrame cont -> {
                if (partial == null) {
                    return; // continuation of a binary or dropped message
                }
                if (partial.readableBytes() + cont.content().readableBytes() > limits.maxMessageBytes() || ++fragments > limits.maxFragments()) {
                    refuse(1009, "message too big, close by server", "too_large");
                    return;
                }
                partial.addComponent(true, cont.content().retain());
                if (cont.isFinalFragment()) {
                    CompositeByteBuf whole = partial;
                    partial = null;
                    cancelFragmentTimer();
                    try {
                        onMessage(whole);
                    } finally {
                        whole.release();
                    }
                }
            }
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case PongWebSocketFrame ignored -> {
                // SDKs do not send protocol pongs we need; nothing to do.
            }
            case CloseWebSocketFrame close -> {
                // Echo the client's status, as FeatBit does (1000 when it gave none).
                int code = close.statusCode() < 0 ? 1000 : close.statusCode();
                ctx.writeAndFlush(new CloseWebSocketFrame(code, close.reasonText())).addListener(ChannelFutureListener.CLOSE);
            }
            case BinaryWebSocketFrame ignored -> {
                metrics.inc("els_messages_ignored_total", "reason", "binary");
                log.info("connection {}: binary message ignored", connection.id());
            }
            default -> {
            }
        }
    }

    private void startPartial(ChannelHandlerContext ctx, ByteBuf first) {
        partial = ctx.alloc().compositeBuffer(limits.maxFragments() + 1);
        partial.addComponent(true, first.retain());
        fragments = 1;
        // A message left incomplete forever would pin its buffer: give it a deadline.
        fragmentTimer = ctx.executor().schedule(() -> {
            if (partial != null) {
                refuse(1008, "incomplete message, close by server", "fragment_timeout");
            }
        }, limits.fragmentTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refuse(int code, String reason, String metricReason) {
        metrics.inc("els_messages_ignored_total", "reason", metricReason);
        metrics.inc("els_connections_closed_by_server_total", "code", String.valueOf(code));
        log.info("connection {}: closed with {} ({})", connection.id(), code, metricReason);
        releasePartial();
        connection.close(code, reason);
    }

    private void releasePartial() {
        cancelFragmentTimer();
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    private void cancelFragmentTimer() {
        if (fragmentTimer != null) {
            fragmentTimer.cancel(false);
            fragmentTimer = null;
        }
    }

    private void onMessage(ByteBuf content) {
        if (!content.isReadable()) {
            return; // FeatBit ignores empty messages
        }
        if (!bucket.tryTake()) {
            metrics.inc("els_messages_ignored_total", "reason", "rate_limit");
            if (ignoredByRate++ % 100 == 0) {
                log.info("connection {}: over its message rate, {} message(s) ignored so far", connection.id(), ignoredByRate);
            }
            return;
        }
        JsonNode root;
        try (InputStream in = new ByteBufInputStream(content.duplicate())) {
            root = Json.mapper().readTree(in);
        } catch (IOException | RuntimeException e) {
            metrics.inc("els_messages_ignored_total", "reason", "malformed");
            log.info("connection {}: malformed message ignored: {}", connection.id(), e.getMessage());
            return;
        }
        // FeatBit requires both properties, exact names; data may be null.
        if (root == null || !root.isObject() || !root.has("messageType") || !root.has("data")) {
            metrics.inc("els_messages_ignored_total", "reason", "malformed");
            log.info("connection {}: message without messageType and data ignored", connection.id());
            return;
        }
        String type = root.get("messageType").isString() ? root.get("messageType").stringValue().toLowerCase(Locale.ROOT) : "";
        JsonNode data = root.get("data");
        switch (type) {
            case "ping" -> {
                metrics.inc("els_messages_in_total", "message_type", "ping");
                connection.sendFrame(Payloads.PONG_FRAME.duplicate());
                metrics.inc("els_messages_out_total", "message_type", "pong");
            }
            case "echo" -> {
                metrics.inc("els_messages_in_total", "message_type", "echo");
                String echo = "{\"messageType\":\"echo\",\"data\":" + Json.write(data) + "}";
                connection.send(Unpooled.wrappedBuffer(echo.getBytes(StandardCharsets.UTF_8)));
                metrics.inc("els_messages_out_total", "message_type", "echo");
            }
            case "data-sync" -> {
                metrics.inc("els_messages_in_total", "message_type", "data-sync");
                dataSync.handle(connection, data);
            }
            case "rp-agent-status" -> metrics.inc("els_messages_in_total", "message_type", "rp-agent-status");
            default -> {
                metrics.inc("els_messages_ignored_total", "reason", "unknown_type");
                log.info("connection {}: unknown message type '{}' ignored", connection.id(), type);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection {}: {}", connection.id(), cause.toString());
        ctx.close();
    }
}
