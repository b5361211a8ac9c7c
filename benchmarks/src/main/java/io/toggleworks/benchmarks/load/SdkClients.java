package io.toggleworks.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.AttributeKey;
import io.toggleworks.core.secret.ConnectionToken;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Many SDK-like WebSocket connections from one JVM: Netty's WebSocket client on epoll, a few event loops, nothing
 * per connection beyond Netty's own pipeline. The listener sees every text frame with its arrival time (taken on the
 * event loop, before any parsing) and classifies it cheaply: a {@code data-sync} reply is {@code full} or
 * {@code patch} by the {@code eventType} near its start, without decoding the JSON.
 */
final class SdkClients implements AutoCloseable {
    static final AttributeKey<Object> TAG = AttributeKey.valueOf("bench-tag");

    enum Kind { FULL, PATCH, PONG, OTHER }

    interface Listener {
        /** The WebSocket is open (HTTP 101 received). */
        void onOpen(Channel ch);

        void onText(Channel ch, Kind kind, ByteBuf content, long nanos);

        void onClosed(Channel ch);

        default void onError(Channel ch, Throwable error) {
        }
    }

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final String host;
    private final int port;

    SdkClients(String host, int port, int threads) {
        this.host = host;
        this.port = port;
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }

    /** The {@code /streaming} URI an SDK of {@code type} ("client" or "server") opens, with a fresh token. */
    URI uri(String type, String secret) {
        return URI.create("ws://" + host + ":" + port + "/streaming?type=" + type + "&token=" + ConnectionToken.encode(secret, System.currentTimeMillis()));
    }

    /** Opens one connection; {@code local} (nullable) picks the source address, e.g. 127.0.0.2, for more than 28k ports. */
    ChannelFuture open(URI uri, InetSocketAddress local, Listener listener, Object tag) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .maxFramePayloadLength(16 * 1024 * 1024)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                // A load tool: byte-by-byte UTF-8 checks of every frame were the generator's largest cost.
                .withUTF8Validator(false)
                .handshakeTimeoutMillis(60_000)
                .build();
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.attr(TAG).set(tag);
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024), new WebSocketClientProtocolHandler(config),
                        new Probe(listener));
            }
        });
        InetSocketAddress remote = new InetSocketAddress(host, port);
        return local == null ? b.connect(remote) : b.connect(remote, local);
    }

    static void sendText(Channel ch, String text) {
        ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))), ch.voidPromise());
    }

    private static final byte[] PATCH = "\"eventType\":\"patch\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FULL = "\"eventType\":\"full\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "\"pong\"".getBytes(StandardCharsets.US_ASCII);

    static Kind classify(ByteBuf content) {
        // {"messageType":"data-sync","data":{"eventType":"full",... : the event type is within the first 80 bytes.
        // One bulk copy, then a plain byte search: no String per frame, the generator's CPU stays small.
        int n = Math.min(content.readableBytes(), 96);
        byte[] head = new byte[n];
        content.getBytes(content.readerIndex(), head);
        if (contains(head, PATCH)) {
            return Kind.PATCH;
        }
        if (contains(head, FULL)) {
            return Kind.FULL;
        }
        if (contains(head, PONG)) {
            return Kind.PONG;
        }
        return Kind.OTHER;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static final class Probe extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final Listener listener;

        Probe(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                listener.onOpen(ctx.channel());
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                listener.onError(ctx.channel(), new IllegalStateException("handshake timeout"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            long now = System.nanoTime();
            listener.onText(ctx.channel(), classify(frame.content()), frame.content(), now);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            listener.onClosed(ctx.channel());
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            listener.onError(ctx.channel(), cause);
            ctx.close();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
