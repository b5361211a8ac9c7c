package io.toggleworks.els.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.wire.ClientSdkFlag;
import io.toggleworks.core.wire.ClientSdkPayload;
import io.toggleworks.core.wire.Message;
import io.toggleworks.els.data.FlagEntry;
import io.toggleworks.els.data.SegmentEntry;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/** The data-sync messages the server writes, built from already-encoded flag and segment documents. */
public final class Payloads {
    private static final byte[] SERVER_HEAD = "{\"messageType\":\"data-sync\",\"data\":{\"eventType\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FLAGS_OPEN = "\",\"featureFlags\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SEGMENTS_OPEN = "],\"segments\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SERVER_TAIL = "]}}".getBytes(StandardCharsets.UTF_8);

    /** Exactly FeatBit's pong bytes; one read-only buffer shared by every reply. */
    public static final ByteBuf PONG = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes(Message.PONG_JSON.getBytes(StandardCharsets.UTF_8)).asReadOnly());

    /** The pong as a complete WebSocket frame, shared by every connection (write a {@code duplicate()}). */
    static final ByteBuf PONG_FRAME = WsFrames.constant(Message.PONG_JSON.getBytes(StandardCharsets.UTF_8));

    private Payloads() {
    }

    /** {@link #serverDataSync} as a complete WebSocket text frame. */
    static ByteBuf serverDataSyncFrame(ByteBufAllocator alloc, String eventType, Collection<FlagEntry> flags, Collection<SegmentEntry> segments) {
        return WsFrames.finish(writeServerDataSync(WsFrames.begin(alloc, serverDataSyncCapacity(flags, segments)), eventType, flags, segments));
    }

    /** {@link #clientDataSync} as a complete WebSocket text frame, serialized straight into it. */
    static ByteBuf clientDataSyncFrame(ByteBufAllocator alloc, String eventType, String userKeyId, List<ClientSdkFlag> flags) {
        ByteBuf buf = WsFrames.begin(alloc, 256 + flags.size() * 256);
        try {
            Json.writeTo(new ByteBufOutputStream(buf), Message.dataSync(new ClientSdkPayload(eventType, userKeyId, flags)));
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        return WsFrames.finish(buf);
    }

    /** {@code {"messageType":"data-sync","data":{"eventType":...,"featureFlags":[...],"segments":[...]}}}. */
    public static ByteBuf serverDataSync(ByteBufAllocator alloc, String eventType, Collection<FlagEntry> flags, Collection<SegmentEntry> segments) {
        return writeServerDataSync(alloc.buffer(serverDataSyncCapacity(flags, segments)), eventType, flags, segments);
    }

    private static int serverDataSyncCapacity(Collection<FlagEntry> flags, Collection<SegmentEntry> segments) {
        int size = SERVER_HEAD.length + 8 + FLAGS_OPEN.length + SEGMENTS_OPEN.length + SERVER_TAIL.length + flags.size() + segments.size();
        for (FlagEntry f : flags) {
            size += f.json().length;
        }
        for (SegmentEntry s : segments) {
            size += s.json().length;
        }
        return size;
    }

    private static ByteBuf writeServerDataSync(ByteBuf buf, String eventType, Collection<FlagEntry> flags, Collection<SegmentEntry> segments) {
        buf.writeBytes(SERVER_HEAD).writeCharSequence(eventType, StandardCharsets.US_ASCII);
        buf.writeBytes(FLAGS_OPEN);
        boolean first = true;
        for (FlagEntry f : flags) {
            if (!first) {
                buf.writeByte(',');
            }
            buf.writeBytes(f.json());
            first = false;
        }
        buf.writeBytes(SEGMENTS_OPEN);
        first = true;
        for (SegmentEntry s : segments) {
            if (!first) {
                buf.writeByte(',');
            }
            buf.writeBytes(s.json());
            first = false;
        }
        return buf.writeBytes(SERVER_TAIL);
    }

    public static ByteBuf clientDataSync(String eventType, String userKeyId, List<ClientSdkFlag> flags) {
        return Unpooled.wrappedBuffer(Json.writeBytes(Message.dataSync(new ClientSdkPayload(eventType, userKeyId, flags))));
    }
}
