package io.toggleworks.spi.mq;

/** One configured message-queue technology (FeatBit's {@code MqProvider}). */
public interface MessageQueue extends AutoCloseable {
    MessageProducer producer();

    /** A new consumer of the real-time topics; every instance that calls this receives every message. */
    RealtimeConsumer realtimeConsumer();

    /** A new consumer of job topics. */
    JobConsumer jobConsumer();

    @Override
    void close();
}
