package io.toggleworks.conformance;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node Kafka inside the test JVM (toolchain.md recipe A), on free ports, for one provider combination; its
 * data directory goes with {@link #close()}. Topic auto-creation is off, as in clusters that forbid it: the
 * services must create their topics themselves.
 */
final class InProcessKafka implements AutoCloseable {
    private final KafkaClusterTestKit kit;
    private boolean closed;

    private InProcessKafka(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    static InProcessKafka start() throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                // Single node: without these the consumer group never forms.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        try {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
        } catch (Exception e) {
            kit.close();
            throw e;
        }
        return new InProcessKafka(kit);
    }

    String bootstrapServers() {
        return kit.bootstrapServers();
    }

    @Override
    public synchronized void close() throws Exception {
        if (!closed) {
            closed = true; // closing the kit twice throws
            kit.close();
        }
    }
}
