package io.toggleworks.benchmarks.analytics;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.toggleworks.spi.analytics.AnalyticsStore;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The MongoDB store against mongo-java-server's in-memory backend in this JVM: no real mongod can be had here
 * (toolchain.md). The emulator keeps documents in Java collections and runs aggregations in Java, so its numbers
 * say nothing about MongoDB; they show that the store's code path works at volume.
 */
final class MongoEmulatorTarget implements Target {
    private final MongoServer server;
    private final AnalyticsStore store;

    MongoEmulatorTarget() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        var address = server.getLocalAddress();
        String database = "tw_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        store = Target.open("MongoDb", Map.of("MONGO_URI", "mongodb://127.0.0.1:" + address.getPort(),
                "MONGO_INITDB_DATABASE", database));
    }

    @Override
    public String provider() {
        return "MongoDb";
    }

    @Override
    public String server() {
        return "mongo-java-server " + version() + " (in-memory emulator in the harness JVM, not MongoDB)";
    }

    @Override
    public AnalyticsStore store() {
        return store;
    }

    @Override
    public Map<String, Object> sizes() {
        // The emulator's data lives in this JVM's heap: what is live after a full GC is its size, near enough.
        System.gc();
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("jvm_heap_used_after_gc_bytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        return sizes;
    }

    @Override
    public void close() {
        store.close();
        server.shutdownNow();
    }

    private static String version() {
        try (InputStream in = MongoEmulatorTarget.class.getResourceAsStream("/benchmarks-analytics.properties")) {
            if (in == null) {
                return "?";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("mongo-java-server.version", "?");
        } catch (IOException e) {
            return "?";
        }
    }
}
