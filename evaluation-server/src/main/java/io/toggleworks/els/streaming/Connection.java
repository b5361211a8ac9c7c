package io.toggleworks.els.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.secret.SecretRecord;

import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One accepted SDK WebSocket (evaluation-server.md §3.3). Everything that writes to it (replies and change pushes)
 * runs on its channel's event loop, one task after another, so frames never interleave and a reply computed from
 * older data can never overtake a newer push.
 */
public final class Connection {
    private final UUID id = UUID.randomUUID();
    private final Channel channel;
    private final SdkType type;
    private final SecretRecord secret;
    private final long maxPendingBytes;
    private volatile EndUser user;

    Connection(Channel channel, SdkType type, SecretRecord secret, long maxPendingBytes) {
        this.channel = channel;
        this.type = type;
        this.secret = secret;
        this.maxPendingBytes = maxPendingBytes;
    }

    public UUID id() {
        return id;
    }

    public UUID envId() {
        return secret.envId();
    }

    public SdkType type() {
        return type;
    }

    public Channel channel() {
        return channel;
    }

    /** The client SDK's current user, replaced on every client data-sync. */
    public Optional<EndUser> user() {
        return Optional.ofNullable(user);
    }

    void attach(EndUser u) {
        this.user = u;
    }

    /** How long a slow reader gets to take its Close frame before the socket is closed regardless. */
    private static final long SLOW_READER_CLOSE_GRACE_MS = 1_000;
    private volatile boolean closingSlowReader;

    /**
     * Writes one complete text frame; takes ownership of {@code json}. A reader that leaves too much unread is closed
     * (1013, try again later): it reconnects and catches up by its cursor instead of growing our memory.
     */
    public void send(ByteBuf json) {
        if (admit(json)) {
            channel.writeAndFlush(new TextWebSocketFrame(json), channel.voidPromise());
        }
    }

    /**
     * Writes and flushes one complete, already-encoded WebSocket frame ({@link WsFrames}); takes ownership of it.
     * Called on this connection's event loop it is written at once, with no task and no promise per write.
     */
    void sendFrame(ByteBuf frame) {
        if (admit(frame)) {
            channel.writeAndFlush(frame, channel.voidPromise());
        }
    }

    /** False (and {@code msg} released) when the socket is gone or the reader too slow; see {@link #send}. */
    private boolean admit(ByteBuf msg) {
        if (!channel.isActive() || closingSlowReader) {
            msg.release();
            return false;
        }
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        long pending = out == null ? 0 : out.totalPendingWriteBytes();
        if (pending > maxPendingBytes) {
            msg.release();
            closingSlowReader = true;
            LoggerFactory.getLogger(Connection.class).info("connection {}: {} bytes left unread, closed with 1013", id, pending);
            close(1013, "slow reader, close by server");
            // The Close frame queues behind what the reader left unread and may never be flushed: do not wait for it.
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, SLOW_READER_CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
            return false;
        }
        return true;
    }

    /** Sends a Close frame, then closes the socket; the future completes when the socket is closed. */
    public ChannelFuture close(int code, String reason) {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
        }
        return channel.closeFuture();
    }
}
