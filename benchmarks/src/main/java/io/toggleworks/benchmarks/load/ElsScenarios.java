package io.toggleworks.benchmarks.load;

import io.toggleworks.core.json.Json;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProviders;
import io.toggleworks.spi.mq.Topics;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static io.toggleworks.benchmarks.load.LoadGenerator.out;

/**
 * Evaluation Server scenarios (docs/benchmarks.md §2): idle connections held, new connections per second with a
 * client data-sync each, and one change pushed to many connections. The ELS runs in its own JVM on a fresh database
 * with one 20-flag environment, MqProvider=Postgres (the Standalone tier).
 */
final class ElsScenarios implements AutoCloseable {
    private final Args args;
    private final BenchDatabase db;
    private final BenchDatabase.Env env;
    private final ChildJvm els;
    private final SdkClients clients;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Proc self = Proc.self();

    ElsScenarios(Args args, Path outDir) throws IOException, InterruptedException {
        this.args = args;
        this.db = BenchDatabase.create().migrate();
        this.env = db.seedEnvironment(args.getInt("flags", 20));
        settings.put("DbProvider", "Postgres");
        settings.put("MqProvider", args.get("mq", "Postgres"));
        settings.put("CacheProvider", "None");
        settings.put("Postgres__ConnectionString", db.connectionString());
        String heap = args.get("els-heap", "2g");
        this.els = ChildJvm.evaluationServer(heap, settings, outDir);
        this.clients = new SdkClients("127.0.0.1", els.port, args.getInt("client-threads", 2));
        out("ELS pid %d on port %d (-Xmx%s, MqProvider=%s), database %s, environment %s with %d flags", els.proc.pid(), els.port, heap,
                settings.get("MqProvider"), db.name, env.id(), env.flags().size());
    }

    /** Connects and syncs {@code n} throw-away connections: loads the environment, caches the secret, warms the JIT. */
    private void warmUp(String type, int n) throws InterruptedException {
        Fleet warm = new Fleet(clients, type, secret(type), 1, true);
        warm.openAll(n, 200, 120);
        out("warm-up: %d %s connections synced, %d failed", warm.synced.get(), type, warm.failed.get());
        Thread.sleep(1000);
    }

    private String secret(String type) {
        return type.equals("client") ? env.clientSecret() : env.serverSecret();
    }

    /** Idle connections held: heap after full GC per connection, RSS, and the CPU of pings every 18 s. */
    void idle() throws InterruptedException {
        String type = args.get("type", "client");
        int n = args.getInt("connections", 19_000);
        warmUp(type, args.getInt("warmup", 2_000));
        long heap0 = els.proc.heapAfterFullGcKb();
        long rss0 = els.proc.rssKb();
        long selfHeap0 = self.heapAfterFullGcKb();
        out("before: ELS heap after full GC %,d KiB, RSS %,d KiB, %d fds", heap0, rss0, els.proc.openFiles());

        // A shard of a sharded run (benchmarks/load/idle-sharded.sh) uses its own source addresses: a bound source port
        // is taken on its address for every destination, and 28k ports per address would not do for 100,000.
        Fleet fleet = new Fleet(clients, type, secret(type), args.get("source-net", "127.0.0"), args.getInt("sources", 4), false);
        CpuMeter connect = new CpuMeter(els.proc, self).start();
        fleet.openAll(n, args.getInt("in-flight", 500), 900);
        connect.stop();
        out("connected: %,d %s connections synced, %d failed (last error: %s); %.0f syncs/s while connecting; %s",
                fleet.synced.get(), type, fleet.failed.get(), fleet.lastError, fleet.synced.get() / connect.wallSeconds(), connect.summary());
        out("connect -> data-sync latency (in-flight capped at %s): %s", args.get("in-flight", "500"), fleet.syncLatency.summary());
        out("  stages: %s", fleet.stages());
        awaitOtherShards(fleet);
        Thread.sleep(3000);
        long heap1 = els.proc.heapAfterFullGcKb();
        long rss1 = els.proc.rssKb();
        long selfHeap1 = self.heapAfterFullGcKb();
        int held = fleet.open.get();
        out("after: ELS heap after full GC %,d KiB, RSS %,d KiB, %d fds; els_connections: %s", heap1, rss1, els.proc.openFiles(), elsConnectionsMetric());
        out("RESULT idle %s connections held=%d heap/conn=%.0f B rss/conn=%.0f B (ELS live heap %,d -> %,d KiB, RSS %,d -> %,d KiB); "
                        + "load generator heap/conn=%.0f B",
                type, held, (heap1 - heap0) * 1024.0 / held, (rss1 - rss0) * 1024.0 / held, heap0, heap1, rss0, rss1,
                (selfHeap1 - selfHeap0) * 1024.0 / held);
        out("RESULT idle extrapolated: 100,000 connections = %.0f MiB of live heap at this rate (+ %,d KiB baseline)",
                (heap1 - heap0) * 1024.0 / held * 100_000 / 1024 / 1024, heap0);

        int idleSeconds = args.getInt("idle-seconds", 36);
        awaitJobsFlushed();
        Thread.sleep(10_000); // let the JIT finish with the connect burst
        fleet.startPings(18);
        CpuMeter idle = new CpuMeter(els.proc, self).start();
        Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
        idle.stop();
        out("RESULT idle CPU with %d connections pinging every 18 s: %s; still open %d", held, idle.summary(), fleet.open.get());
        fleet.closeAll();
    }

    /**
     * In a sharded run, waits until every shard has connected, so that the heap is measured while all of them hold
     * their connections at once; prints the machine's established TCP sockets (both ends of each) as evidence.
     */
    private void awaitOtherShards(Fleet fleet) throws InterruptedException {
        String dir = args.get("barrier-dir", "");
        if (dir.isBlank()) {
            return;
        }
        int shards = args.getInt("shards", 1);
        Path barrier = Path.of(dir);
        try {
            Files.createDirectories(barrier);
            Files.writeString(barrier.resolve(ProcessHandle.current().pid() + ".connected"), String.valueOf(fleet.open.get()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(900);
            long arrived;
            while ((arrived = countConnected(barrier)) < shards && System.nanoTime() < deadline && !Files.exists(barrier.resolve("abort"))) {
                Thread.sleep(200);
            }
            out("shards connected: %d of %d; this shard holds %,d; TCP sockets established on this machine: %,d", arrived, shards,
                    fleet.open.get(), establishedTcpSockets());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long countConnected(Path barrier) throws IOException {
        try (Stream<Path> files = Files.list(barrier)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".connected")).count();
        }
    }

    /** Sockets in state ESTABLISHED (01) in /proc/net/tcp and tcp6: each loopback connection counts twice. */
    private static long establishedTcpSockets() throws IOException {
        long n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (Files.exists(p)) {
                try (Stream<String> lines = Files.lines(p)) {
                    n += lines.skip(1).filter(l -> {
                        String[] f = l.trim().split("\\s+");
                        return f.length > 3 && f[3].equals("01");
                    }).count();
                }
            }
        }
        return n;
    }

    /** New connections per second, each with a full client data-sync, at a paced (open-loop) arrival rate. */
    void rate() throws InterruptedException {
        String type = args.get("type", "client");
        int seconds = args.getInt("seconds", 10);
        int maxInFlight = args.getInt("max-in-flight", 4_000);
        warmUp(type, 2_000);
        int warmRate = args.getInt("warm-rate", 2_000);
        paced(type, warmRate, args.getInt("warm-seconds", 5), maxInFlight, "warm-up");
        Thread.sleep(2000);
        for (String r : args.get("rates", "5000").split(",")) {
            paced(type, Integer.parseInt(r.trim()), seconds, maxInFlight, "measured");
            Thread.sleep(3000);
        }
    }

    private void paced(String type, int rate, int seconds, int maxInFlight, String label) throws InterruptedException {
        Fleet fleet = new Fleet(clients, type, secret(type), args.getInt("sources", 4), true);
        long endUsers0 = db.count("select count(*) from queue_messages where topic = 'featbit-endusers'");
        CpuMeter cpu = new CpuMeter(els.proc, self).start();
        PgBackends pg = new PgBackends(db.name).start();
        long t0 = System.nanoTime();
        long total = (long) rate * seconds;
        long issued = 0;
        long skipped = 0;
        while (issued + skipped < total) {
            long due = Math.min(total, (long) ((System.nanoTime() - t0) / 1e9 * rate));
            while (issued + skipped < due) {
                if (fleet.inFlight.get() >= maxInFlight) {
                    skipped++; // the server (or we) fell behind: counted, not queued, so the rate stays open-loop
                } else {
                    fleet.openOne();
                    issued++;
                }
            }
            LockSupport.parkNanos(200_000);
        }
        long issuedAt = System.nanoTime();
        long deadline = issuedAt + TimeUnit.SECONDS.toNanos(60);
        while (fleet.inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        cpu.stop();
        double pgSeconds = pg.stop();
        double span = (fleet.lastSyncNanos - t0) / 1e9;
        Thread.sleep(1500);
        long endUsers = db.count("select count(*) from queue_messages where topic = 'featbit-endusers'") - endUsers0;
        out("RESULT rate %s %s mq=%s target=%d/s for %d s: synced=%d failed=%d skipped(in-flight>%d)=%d achieved=%.0f syncs/s over %.2f s; "
                        + "connect->sync %s; %s; CPU per connection: ELS %.0f us, load generator %.0f us; end-user job messages written %d",
                label, type, settings.get("MqProvider"), rate, seconds, fleet.synced.get(), fleet.failed.get(), maxInFlight, skipped, fleet.synced.get() / span, span,
                fleet.syncLatency.summary(), cpu.summary(), cpu.cpuSeconds(els.proc) / fleet.synced.get() * 1e6,
                cpu.cpuSeconds(self) / fleet.synced.get() * 1e6, endUsers);
        out("  stages: %s", fleet.stages());
        out("  PostgreSQL backends of this database: %.2f s CPU (%.0f us per connection; the end-user job messages)", pgSeconds,
                pgSeconds / Math.max(1, fleet.synced.get()) * 1e6);
        if (fleet.lastError != null) {
            out("  last error: %s", fleet.lastError);
        }
    }

    /** One flag change, written and published as the API does, pushed to every connection: publish → receipt. */
    void push() throws InterruptedException {
        String type = args.get("type", "server");
        int n = args.getInt("connections", 10_000);
        int pushes = args.getInt("pushes", 20);
        int warm = args.getInt("warm-pushes", 5);
        warmUp(type, 1_000);
        Fleet fleet = new Fleet(clients, type, secret(type), args.getInt("sources", 4), false);
        fleet.openAll(n, 500, 900);
        out("push: %,d %s connections synced, %d failed", fleet.synced.get(), type, fleet.failed.get());
        Map<String, String> producerSettings = new LinkedHashMap<>(settings);
        producerSettings.put("Postgres__Queue__PoolSize", "2");
        try (MessageQueue queue = MessageQueueProviders.create(ProviderConfig.of(producerSettings), "Postgres")) {
            ObjectNode flag = (ObjectNode) env.flags().getFirst().deepCopy();
            Percentiles all = new Percentiles();
            Percentiles firsts = new Percentiles();
            Percentiles lasts = new Percentiles();
            Percentiles publishCalls = new Percentiles();
            long missing = 0;
            CpuMeter cpu = null;
            for (int i = 0; i < warm + pushes; i++) {
                if (i == warm) {
                    cpu = new CpuMeter(els.proc, self).start();
                }
                flag.put("isEnabled", !flag.get("isEnabled").booleanValue());
                flag.put("revision", UUID.randomUUID().toString());
                flag.put("updatedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
                db.updateFlag(flag);
                String doc = Json.write(flag);
                fleet.armPatches();
                long t0 = System.nanoTime();
                queue.producer().publish(Topics.FEATURE_FLAG_CHANGE, doc);
                long published = System.nanoTime();
                long deadline = t0 + TimeUnit.SECONDS.toNanos(10);
                int expected = fleet.open.get();
                while (fleet.patches.get() < expected && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(200_000);
                }
                long[] lat = fleet.patchLatencies(t0);
                Percentiles one = new Percentiles();
                for (long l : lat) {
                    one.add(l);
                }
                out("push %2d%s: publish call %.2f ms; received by %d/%d: %s", i + 1, i < warm ? " (warm-up)" : "",
                        (published - t0) / 1e6, lat.length, expected, one.summary());
                if (i >= warm) {
                    all.addAll(one);
                    firsts.add(Math.round(one.ms(0) * 1e6));
                    lasts.add(Math.round(one.ms(100) * 1e6));
                    publishCalls.add(published - t0);
                    missing += expected - lat.length;
                }
                Thread.sleep(args.getInt("gap-ms", 1000));
            }
            cpu.stop();
            out("RESULT push %s connections=%d pushes=%d: publish->receipt over all (push, connection) pairs %s; missing=%d", type,
                    fleet.synced.get(), pushes, all.summary(), missing);
            out("RESULT push %s first connection per push %s; last connection per push %s; publish call %s", type, firsts.summary(),
                    lasts.summary(), publishCalls.summary());
            out("RESULT push %s CPU over the measured pushes (incl. %d ms gaps): %s", type, args.getInt("gap-ms", 1000), cpu.summary());
        }
        fleet.closeAll();
    }

    /** Waits until the ELS has handed every buffered end-user job message to the queue, so idle CPU is idle. */
    private void awaitJobsFlushed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String pending = metric("els_job_messages_pending");
        while (!pending.endsWith(" 0") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            pending = metric("els_job_messages_pending");
        }
        out("job messages still buffered in the ELS: %s", pending);
    }

    private String metric(String name) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + els.port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    return line.trim();
                }
            }
            return name + " ?";
        } catch (IOException | InterruptedException e) {
            return name + " unavailable: " + e;
        }
    }

    private String elsConnectionsMetric() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + els.port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            StringBuilder b = new StringBuilder();
            for (String line : r.body().split("\n")) {
                if (line.startsWith("els_connections{")) {
                    b.append(line).append("; ");
                }
            }
            return b.toString();
        } catch (IOException | InterruptedException e) {
            return "unavailable: " + e;
        }
    }

    @Override
    public void close() {
        clients.close();
        els.close();
        db.close();
    }
}
