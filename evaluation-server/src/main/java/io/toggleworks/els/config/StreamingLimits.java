package io.toggleworks.els.config;

import io.toggleworks.spi.config.ProviderConfig;

import java.time.Duration;

/**
 * What one WebSocket may cost the server (issue 4 item 7). FeatBit silently drops inbound messages over about
 * 8 KiB; we accept up to {@code maxMessageBytes} (64 KiB) and refuse larger ones with close 1009.
 *
 * @param maxMessageBytes   largest inbound message, after reassembling fragments
 * @param maxFragments      most frames one message may be split into
 * @param fragmentTimeout   how long a fragmented message may stay incomplete before the socket is closed (1008)
 * @param messagesPerSecond sustained inbound message rate per connection (token bucket refill)
 * @param burst             token bucket size
 * @param maxPendingBytes   outbound bytes a connection may leave unread before it is closed (1013) as a slow reader
 */
public record StreamingLimits(
        int maxMessageBytes,
        int maxFragments,
        Duration fragmentTimeout,
        double messagesPerSecond,
        int burst,
        int maxPendingBytes) {

    public static final StreamingLimits DEFAULTS = new StreamingLimits(64 * 1024, 256, Duration.ofSeconds(30), 10, 30, 16 * 1024 * 1024);

    static StreamingLimits from(ProviderConfig c) {
        return new StreamingLimits(
                c.getInt("Streaming:MaxMessageBytes", DEFAULTS.maxMessageBytes),
                c.getInt("Streaming:MaxFragments", DEFAULTS.maxFragments),
                Duration.ofSeconds(c.getInt("Streaming:FragmentTimeoutSeconds", (int) DEFAULTS.fragmentTimeout.toSeconds())),
                Double.parseDouble(c.get("Streaming:MessagesPerSecond", String.valueOf(DEFAULTS.messagesPerSecond))),
                c.getInt("Streaming:MessageBurst", DEFAULTS.burst),
                c.getInt("Streaming:MaxPendingBytes", DEFAULTS.maxPendingBytes));
    }
}
