package io.toggleworks.els.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.wire.ClientSdkFlag;
import io.toggleworks.core.wire.Message;
import io.toggleworks.core.wire.ServerSdkPayload;
import io.toggleworks.els.data.FlagEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pre-encoded frames carry exactly the bytes the frame encoder would have sent, for every length encoding. */
class PayloadFramesTest {

    /** What a client receives: Netty's own decoder, expecting unmasked frames as servers send them. */
    private static byte[] decode(ByteBuf frame) {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).maxFramePayloadLength(1 << 24).build()));
        try {
            assertTrue(ch.writeInbound(frame));
            TextWebSocketFrame text = ch.readInbound();
            try {
                assertTrue(text.isFinalFragment());
                return ByteBufUtil.getBytes(text.content());
            } finally {
                text.release();
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void everyLengthEncodingDecodes() {
        for (int n : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 200_000}) {
            byte[] payload = "x".repeat(n).getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(payload, decode(WsFrames.text(ByteBufAllocator.DEFAULT, payload)), "length " + n);
        }
    }

    @Test
    void pongFrameIsFeatBitsPong() {
        assertEquals(Message.PONG_JSON, new String(decode(Payloads.PONG_FRAME.duplicate()), StandardCharsets.UTF_8));
        assertEquals(Message.PONG_JSON, new String(decode(Payloads.PONG_FRAME.duplicate()), StandardCharsets.UTF_8)); // still intact
    }

    @Test
    void serverFrameHoldsTheSameBytesAsTheMessage() {
        for (int flags : new int[] {0, 1, 3, 200}) {
            List<FlagEntry> entries = new ArrayList<>();
            for (int i = 0; i < flags; i++) {
                entries.add(FlagEntry.of(Json.read("{\"id\":\"" + UUID.randomUUID() + "\",\"key\":\"f" + i + "\",\"name\":\"é " + i + "\"}", FeatureFlag.class)));
            }
            ByteBuf message = Payloads.serverDataSync(ByteBufAllocator.DEFAULT, ServerSdkPayload.PATCH, entries, List.of());
            try {
                assertArrayEquals(ByteBufUtil.getBytes(message),
                        decode(Payloads.serverDataSyncFrame(ByteBufAllocator.DEFAULT, ServerSdkPayload.PATCH, entries, List.of())), flags + " flags");
            } finally {
                message.release();
            }
        }
    }

    @Test
    void clientFrameHoldsTheSameBytesAsTheMessage() {
        for (int flags : new int[] {0, 1, 20, 500}) {
            List<ClientSdkFlag> evaluated = new ArrayList<>();
            for (int i = 0; i < flags; i++) {
                evaluated.add(new ClientSdkFlag("f" + i, "true", "boolean", UUID.randomUUID().toString(), "fall through \"targets\"", List.of(), false, 1_700_000_000_000L + i));
            }
            ByteBuf message = Payloads.clientDataSync(ServerSdkPayload.FULL, "user-ü", evaluated);
            try {
                assertArrayEquals(ByteBufUtil.getBytes(message),
                        decode(Payloads.clientDataSyncFrame(ByteBufAllocator.DEFAULT, ServerSdkPayload.FULL, "user-ü", evaluated)), flags + " flags");
            } finally {
                message.release();
            }
        }
    }
}
