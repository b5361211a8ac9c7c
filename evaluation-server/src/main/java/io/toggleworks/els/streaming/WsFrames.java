package io.toggleworks.els.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * Complete WebSocket text frames (RFC 6455 §5.2: FIN, opcode 1, unmasked as a server sends them) built once and
 * written as plain buffers, which the frame encoder passes through untouched. A change pushed to thousands of
 * connections is then encoded once, not once per connection.
 */
final class WsFrames {
    /** Room left before the payload for the longest header (2 + 8 length bytes). */
    static final int HEADER_ROOM = 10;

    private WsFrames() {
    }

    /** A buffer to write a payload into; {@link #finish} then puts the header in front of it without copying. */
    static ByteBuf begin(ByteBufAllocator alloc, int payloadCapacity) {
        ByteBuf buf = alloc.directBuffer(HEADER_ROOM + payloadCapacity);
        return buf.writerIndex(HEADER_ROOM).readerIndex(HEADER_ROOM);
    }

    /** Writes the frame header before the payload written since {@link #begin}; returns the same buffer. */
    static ByteBuf finish(ByteBuf buf) {
        int length = buf.writerIndex() - HEADER_ROOM;
        int header = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
        int start = HEADER_ROOM - header;
        buf.setByte(start, 0x81);
        if (header == 2) {
            buf.setByte(start + 1, length);
        } else if (header == 4) {
            buf.setByte(start + 1, 126);
            buf.setShort(start + 2, length);
        } else {
            buf.setByte(start + 1, 127);
            buf.setLong(start + 2, length);
        }
        return buf.readerIndex(start);
    }

    /** A frame holding a copy of {@code payload}. */
    static ByteBuf text(ByteBufAllocator alloc, byte[] payload) {
        return finish(begin(alloc, payload.length).writeBytes(payload));
    }

    /** A frame shared for ever (never released), e.g. the pong every ping gets. */
    static ByteBuf constant(byte[] payload) {
        // Not read-only: that wrapper hides the memory address the epoll transport writes from.
        return Unpooled.unreleasableBuffer(text(UnpooledByteBufAllocator.DEFAULT, payload));
    }
}
