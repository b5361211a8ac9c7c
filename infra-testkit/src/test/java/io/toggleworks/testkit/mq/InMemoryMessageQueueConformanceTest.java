package io.toggleworks.testkit.mq;

import io.toggleworks.spi.mq.MessageQueue;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
import java.util.Optional;

/** The suite against the in-memory broker: proves the suite itself needs nothing provider-specific. */
class InMemoryMessageQueueConformanceTest extends MessageQueueConformanceTest {
    private InMemoryMessageBroker broker;

    @BeforeEach
    void newBroker() {
        broker = InMemoryMessageBroker.forTests();
    }

    @Override
    protected MessageQueue openQueue() {
        return broker.client();
    }

    @Override
    protected Optional<List<String>> parkedPayloads(String topic) {
        return Optional.of(broker.parked(topic));
    }

    @Override
    protected int maxDeliveries() {
        return broker.maxDeliveries();
    }
}
