package io.toggleworks.spi.mq;

/**
 * Receives every message of the real-time topics (broadcast: each instance gets each message). Handlers must be
 * idempotent: after a reconnect a provider may deliver a message again rather than lose it.
 */
public interface RealtimeConsumer extends AutoCloseable {

    @FunctionalInterface
    interface Handler {
        void onMessage(String topic, String jsonPayload);

        /**
         * Called after the provider's connection came back. Messages may have been lost meanwhile where the
         * technology cannot replay them, so a consumer that keeps state compares it with its source now.
         */
        default void onReconnected() {
        }
    }

    /** Starts delivering to {@code handler} on a background thread; returns at once. */
    void start(Handler handler);

    @Override
    void close();
}
