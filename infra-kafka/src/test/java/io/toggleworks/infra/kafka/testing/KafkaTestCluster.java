package io.toggleworks.infra.kafka.testing;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node Kafka (KRaft, separate broker and controller) inside the test JVM (toolchain.md recipe A). Each test
 * class starts its own, on free ports, so topics are private to it; its data lives in a temporary directory that
 * {@link #close()} removes.
 */
public final class KafkaTestCluster implements AutoCloseable {
    private final KafkaClusterTestKit kit;
    private boolean closed;

    private KafkaTestCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    public static KafkaTestCluster start() {
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(false).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    // Single node: without these the consumer group never forms.
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // FeatBit relies on auto-creation; we must not.
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new KafkaTestCluster(kit);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-process Kafka", e);
        }
    }

    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    /** Stops and restarts the broker: every client connection drops, as in a broker outage. */
    public void restartBroker() {
        var broker = kit.brokers().values().iterator().next();
        broker.shutdown();
        broker.startup();
        try {
            kit.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("broker did not come back", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return; // closing the kit twice throws RejectedExecutionException
        }
        closed = true;
        try {
            kit.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
