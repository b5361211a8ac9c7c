package io.toggleworks.benchmarks.load;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-node Kafka (KRaft, toolchain.md recipe A) in a JVM of its own, so that its CPU is measured apart from the
 * load generator's and the services under test. {@link #start} launches it and waits for the bootstrap address,
 * which the child writes to a file once its broker is ready; {@link #close} stops it and its data goes with it.
 */
final class KafkaBroker implements AutoCloseable {
    final Process process;
    final Proc proc;
    final String bootstrapServers;

    private KafkaBroker(Process process, String bootstrapServers) {
        this.process = process;
        this.proc = new Proc(process.pid(), "kafka");
        this.bootstrapServers = bootstrapServers;
    }

    static KafkaBroker start(Path logDir) throws IOException, InterruptedException {
        Path ready = Files.createTempFile("twbench-kafka", ".txt");
        Files.delete(ready);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-XX:+UseG1GC",
                "-cp", System.getProperty("java.class.path"), KafkaBroker.class.getName(), ready.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("kafka.log").toFile()));
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(ready) || Files.size(ready) == 0) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("Kafka did not start; see " + logDir.resolve("kafka.log"));
            }
            Thread.sleep(200);
        }
        Thread.sleep(200); // the file is written in one call; let it land
        KafkaBroker broker = new KafkaBroker(p, Files.readString(ready).trim());
        Files.deleteIfExists(ready);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        return broker;
    }

    /** The child: starts the cluster, writes its bootstrap address to {@code args[0]}, runs until stopped (SIGTERM). */
    public static void main(String[] args) throws Exception {
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
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                kit.close();
            } catch (Exception e) {
                System.err.println("closing Kafka: " + e);
            }
            stop.countDown();
        }));
        Files.writeString(Path.of(args[0]), kit.bootstrapServers());
        System.out.println("Kafka ready at " + kit.bootstrapServers());
        stop.await();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
