package io.toggleworks.benchmarks.load;

import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.toggleworks.benchmarks.load.LoadGenerator.out;

/**
 * API write → SDK receipt (docs/benchmarks.md §3), FeatBit's boundary: from just before the PUT is sent until a
 * connected server SDK connection has the patch. The API (from the standalone jar) and the Evaluation Server run in
 * their own JVMs on one fresh database and the queue provider named by {@code --mq}; the API creates the schema.
 */
final class ApiScenario {
    private ApiScenario() {
    }

    static void run(Args args, Path outDir, String mq) throws Exception {
        if (mq.equalsIgnoreCase("Kafka") && args.get("kafka", "").isBlank()) {
            try (KafkaBroker broker = KafkaBroker.start(outDir)) {
                out("[%s] broker pid %d at %s", mq, broker.proc.pid(), broker.bootstrapServers);
                run(args, outDir, mq, broker.bootstrapServers, broker.proc);
            }
        } else {
            run(args, outDir, mq, args.get("kafka", ""), null);
        }
    }

    private static void run(Args args, Path outDir, String mq, String kafka, Proc kafkaProc) throws Exception {
        int writes = args.getInt("writes", 200);
        // The JIT needs a few thousand requests before the API's write path is compiled (a cold toggle costs ~12 ms
        // of CPU, a warm one ~2 ms): measure the steady state, as a long-running server is.
        int warm = args.getInt("warm-writes", 3000);
        int warmGapMs = args.getInt("warm-gap-ms", 5);
        int n = args.getInt("connections", 100);
        Path standalone = Path.of(args.get("standalone-jar", "standalone/target/toggleworks-standalone.jar"));
        String redisPrefix = "twbench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (BenchDatabase db = BenchDatabase.create()) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("DbProvider", "Postgres");
            settings.put("MqProvider", mq);
            settings.put("CacheProvider", "None");
            settings.put("Postgres__ConnectionString", db.connectionString());
            settings.put("Redis__ConnectionString", args.get("redis", "127.0.0.1:6379"));
            settings.put("Redis__Queue__KeyPrefix", redisPrefix);
            if (!kafka.isBlank()) {
                settings.put("Kafka__Producer__bootstrap.servers", kafka);
                settings.put("Kafka__Consumer__bootstrap.servers", kafka);
            }
            Map<String, String> apiSettings = new LinkedHashMap<>(settings);
            apiSettings.put("Jwt__Key", "bench-" + UUID.randomUUID() + "-" + UUID.randomUUID());
            Proc self = Proc.self();
            try (ChildJvm api = ChildJvm.api(standalone, args.get("api-heap", "1g"), apiSettings, outDir);
                 ChildJvm els = ChildJvm.evaluationServer(args.get("els-heap", "1g"), settings, outDir);
                 SdkClients clients = new SdkClients("127.0.0.1", els.port, 2)) {
                out("[%s] API pid %d port %d, ELS pid %d port %d, database %s", mq, api.proc.pid(), api.port, els.proc.pid(), els.port, db.name);
                ApiClient client = new ApiClient("http://127.0.0.1:" + api.port).signIn();
                String key = "bench-" + UUID.randomUUID().toString().substring(0, 8);
                JsonNode environment = client.post("projects", Map.of("name", key, "key", key)).path("environments").path(0);
                String envId = environment.path("id").asString();
                String serverSecret = null;
                for (JsonNode s : environment.path("secrets")) {
                    if (s.path("type").asString().equals("server")) {
                        serverSecret = s.path("value").asString();
                    }
                }
                for (int i = 0; i < args.getInt("flags", 20); i++) {
                    client.createBooleanFlag(envId, String.format("bench-%02d", i));
                }
                Fleet fleet = new Fleet(clients, "server", serverSecret, 1, false);
                fleet.openAll(n, 200, 120);
                out("[%s] %d server connections synced, %d failed", mq, fleet.synced.get(), fleet.failed.get());

                Percentiles all = new Percentiles();
                Percentiles firstSdk = new Percentiles();
                Percentiles lastSdk = new Percentiles();
                Percentiles putCalls = new Percentiles();
                long missing = 0;
                CpuMeter cpu = null;
                PgBackends pg = new PgBackends(db.name);
                int missedWrites = 0;
                long signedIn = System.nanoTime();
                for (int i = 0; i < warm + writes; i++) {
                    if (i == warm) {
                        cpu = kafkaProc == null ? new CpuMeter(api.proc, els.proc, self).start()
                                : new CpuMeter(api.proc, els.proc, self, kafkaProc).start();
                        pg.start();
                    }
                    // Round robin over the 20 flags, each created on: its 1st touch turns it off, the 2nd on again, ...
                    int flags = args.getInt("flags", 20);
                    boolean on = (i / flags) % 2 == 1;
                    String flag = String.format("bench-%02d", i % flags);
                    fleet.armPatches();
                    int expected = fleet.open.get();
                    long t0 = System.nanoTime();
                    client.put("envs/" + envId + "/feature-flags/" + flag + "/toggle/" + on, Map.of("comment", "benchmark"));
                    long t1 = System.nanoTime();
                    long deadline = t0 + TimeUnit.SECONDS.toNanos(10);
                    while (fleet.patches.get() < expected && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(1_000_000); // receipt times are taken on the event loops; this only polls
                    }
                    long[] lat = fleet.patchLatencies(t0);
                    if (lat.length < expected && missedWrites++ < 5) {
                        out("[%s] write %d: only %d of %d connections got the patch within 10 s", mq, i + 1, lat.length, expected);
                    }
                    if (System.nanoTime() - signedIn > TimeUnit.MINUTES.toNanos(3)) {
                        client.signIn(); // JWTs live five minutes
                        signedIn = System.nanoTime();
                    }
                    if (i >= warm) {
                        putCalls.add(t1 - t0);
                        long min = Long.MAX_VALUE;
                        long max = 0;
                        for (long l : lat) {
                            all.add(l);
                            min = Math.min(min, l);
                            max = Math.max(max, l);
                        }
                        if (lat.length > 0) {
                            firstSdk.add(min);
                            lastSdk.add(max);
                        }
                        missing += expected - lat.length;
                    }
                    Thread.sleep(i < warm ? warmGapMs : args.getInt("gap-ms", 50));
                    if (i % 50 == 49) {
                        out("[%s] %d writes done", mq, i + 1);
                    }
                }
                cpu.stop();
                double pgSeconds = pg.stop();
                out("RESULT api->sdk %s writes=%d connections=%d: PUT start -> SDK receipt over all (write, connection) pairs %s; missing=%d",
                        mq, writes, n, all.summary(), missing);
                out("RESULT api->sdk %s first SDK per write %s; last SDK per write %s; PUT response %s", mq, firstSdk.summary(), lastSdk.summary(),
                        putCalls.summary());
                out("RESULT api->sdk %s CPU over the measured writes (incl. %d ms gaps): %s, PostgreSQL backends %.2f s", mq,
                        args.getInt("gap-ms", 50), cpu.summary(), pgSeconds);
                fleet.closeAll();
            } finally {
                if (mq.equalsIgnoreCase("Redis")) {
                    RedisKeys.deletePrefix(args.get("redis", "127.0.0.1:6379"), redisPrefix);
                }
            }
        }
    }
}
