package io.toggleworks.benchmarks.load;

import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.MessageQueueProvider;
import io.toggleworks.spi.mq.MessageQueueProviders;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.mq.Topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static io.toggleworks.benchmarks.load.LoadGenerator.out;

/**
 * Message-queue providers side by side (docs/benchmarks.md §4), through the spi only ({@link MessageQueueProviders}):
 * job-message throughput (producer {@code publishAll} of 1,000-message lists, then one consumer draining in
 * batches) and real-time publish → delivery latency. Each provider gets fresh storage (a new database, a random Redis
 * key prefix) that is removed afterwards.
 */
final class QueueScenario {
    private QueueScenario() {
    }

    static void run(Args args, java.nio.file.Path outDir) throws Exception {
        List<String> names = List.of(args.get("providers", "Postgres,Redis,Kafka").split(","));
        out("queue providers on the class path: %s", MessageQueueProviders.all().stream().map(MessageQueueProvider::name).toList());
        for (String name : names) {
            Optional<MessageQueueProvider> provider = MessageQueueProviders.find(name.trim());
            if (provider.isEmpty()) {
                out("RESULT queue %s: not measured, no such provider on the class path", name.trim());
                continue;
            }
            if (provider.get().name().equalsIgnoreCase("Kafka") && args.get("kafka", "").isBlank()) {
                try (KafkaBroker broker = KafkaBroker.start(outDir)) {
                    out("Kafka broker pid %d at %s", broker.proc.pid(), broker.bootstrapServers);
                    one(args, provider.get(), broker.bootstrapServers, broker.proc);
                }
            } else {
                one(args, provider.get(), args.get("kafka", ""), null);
            }
        }
    }

    private static void one(Args args, MessageQueueProvider provider, String kafka, Proc kafkaProc) throws Exception {
        int total = args.getInt("messages", 100_000);
        int list = args.getInt("list", 1_000);
        int batch = args.getInt("batch", 1_000);
        String name = provider.name();
        BenchDatabase db = null;
        String redisPrefix = "twbench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        Map<String, String> s = new LinkedHashMap<>();
        s.put("MqProvider", name);
        switch (name.toLowerCase(Locale.ROOT)) {
            case "postgres" -> {
                db = BenchDatabase.create().migrate();
                s.put("Postgres__ConnectionString", db.connectionString());
                s.put("Postgres__Queue__BatchSize", String.valueOf(batch));
            }
            case "redis" -> {
                s.put("Redis__ConnectionString", args.get("redis", "127.0.0.1:6379"));
                s.put("Redis__Queue__KeyPrefix", redisPrefix);
                s.put("Redis__Queue__BatchSize", String.valueOf(batch));
            }
            case "kafka" -> {
                s.put("Kafka__Producer__bootstrap.servers", kafka);
                s.put("Kafka__Consumer__bootstrap.servers", kafka);
                s.put("Kafka__Consumer__group.id", "twbench-" + UUID.randomUUID());
                s.put("Kafka__Queue__BatchSize", String.valueOf(batch));
            }
            default -> {
            }
        }
        Proc self = Proc.self();
        Proc[] measured = kafkaProc == null ? new Proc[]{self} : new Proc[]{self, kafkaProc};
        boolean redis = name.equalsIgnoreCase("redis");
        String redisAt = args.get("redis", "127.0.0.1:6379");
        PgBackends pg = db == null ? null : new PgBackends(db.name);
        List<String> payloads = new ArrayList<>(list);
        for (int i = 0; i < list; i++) {
            payloads.add(insight(i));
        }
        try (MessageQueue queue = provider.create(ProviderConfig.of(s))) {
            String topic = Topics.INSIGHTS;
            // Warm-up: connections, JIT, prepared statements; consumed below with the rest.
            for (int i = 0; i < 5; i++) {
                queue.producer().publishAll(topic, payloads);
            }
            CpuMeter produce = new CpuMeter(measured).start();
            if (pg != null) {
                pg.start();
            }
            double redis0 = redis ? RedisKeys.serverCpuSeconds(redisAt) : 0;
            for (int sent = 0; sent < total; sent += list) {
                queue.producer().publishAll(topic, payloads);
            }
            produce.stop();
            String pgProduce = pg != null ? String.format(Locale.ROOT, ", PostgreSQL backends %.2f s", pg.stop())
                    : redis ? String.format(Locale.ROOT, ", redis-server %.2f s (INFO cpu)", RedisKeys.serverCpuSeconds(redisAt) - redis0) : "";
            int expected = total + 5 * list;
            AtomicInteger consumed = new AtomicInteger();
            AtomicInteger batches = new AtomicInteger();
            AtomicLong lastAt = new AtomicLong();
            AtomicLong firstAt = new AtomicLong();
            AtomicInteger firstBatch = new AtomicInteger();
            CpuMeter consume = new CpuMeter(measured).start();
            if (pg != null) {
                pg.start(); // the consumer's connections open below; their backends are counted from their first poll
            }
            double redis1 = redis ? RedisKeys.serverCpuSeconds(redisAt) : 0;
            long t0 = System.nanoTime();
            try (JobConsumer consumer = queue.jobConsumer()) {
                consumer.start(topic, b -> {
                    if (firstAt.compareAndSet(0, System.nanoTime())) {
                        firstBatch.set(b.size());
                    }
                    consumed.addAndGet(b.size());
                    batches.incrementAndGet();
                    lastAt.set(System.nanoTime());
                });
                long deadline = t0 + TimeUnit.SECONDS.toNanos(args.getInt("consume-timeout", 180));
                while (consumed.get() < expected && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            consume.stop();
            String pgConsume = pg != null ? String.format(Locale.ROOT, ", PostgreSQL backends %.2f s (those seen at start)", pg.stop())
                    : redis ? String.format(Locale.ROOT, ", redis-server %.2f s (INFO cpu)", RedisKeys.serverCpuSeconds(redisAt) - redis1) : "";
            double consumeSeconds = (lastAt.get() - t0) / 1e9;
            // Steady state: from the first batch handed over to the last (a Kafka group join takes seconds first).
            double drainSeconds = (lastAt.get() - firstAt.get()) / 1e9;
            out("RESULT queue %s jobs: produced %,d messages (%,d-message publishAll lists) at %,.0f msg/s; consumed %,d of %,d in %d batches "
                            + "(batch size %d): %,.0f msg/s from start, %,.0f msg/s from the first batch (first batch after %.2f s); "
                            + "producer side %s%s; consumer side %s%s",
                    name, total, list, total / produce.wallSeconds(), consumed.get(), expected, batches.get(), batch,
                    consumed.get() / consumeSeconds, (consumed.get() - firstBatch.get()) / drainSeconds, (firstAt.get() - t0) / 1e9,
                    produce.summary(), pgProduce, consume.summary(), pgConsume);

            realtime(args, name, queue);
        } finally {
            if (db != null) {
                db.close();
            }
            if (name.equalsIgnoreCase("redis")) {
                RedisKeys.deletePrefix(args.get("redis", "127.0.0.1:6379"), redisPrefix);
            }
        }
    }

    /** Publishes real-time messages one at a time, {@code rt-gap-ms} apart, and times each until the consumer has it. */
    private static void realtime(Args args, String name, MessageQueue queue) throws InterruptedException {
        int count = args.getInt("rt-messages", 500);
        int warm = 50;
        long[] sentAt = new long[count + warm];
        long[] gotAt = new long[count + warm];
        AtomicInteger received = new AtomicInteger();
        try (RealtimeConsumer consumer = queue.realtimeConsumer()) {
            consumer.start((topic, payload) -> {
                long now = System.nanoTime();
                int seq = seqOf(payload);
                if (seq >= 0 && seq < gotAt.length && gotAt[seq] == 0) {
                    gotAt[seq] = now;
                    received.incrementAndGet();
                }
            });
            Thread.sleep(2000); // subscribed
            for (int i = 0; i < count + warm; i++) {
                String payload = "{\"seq\":" + i + ",\"id\":\"" + UUID.randomUUID() + "\",\"envId\":\"" + UUID.randomUUID() + "\",\"padding\":\""
                        + "x".repeat(600) + "\"}";
                sentAt[i] = System.nanoTime();
                queue.producer().publish(Topics.FEATURE_FLAG_CHANGE, payload);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (gotAt[i] == 0 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(50_000);
                }
                Thread.sleep(args.getInt("rt-gap-ms", 10));
            }
            Percentiles p = new Percentiles();
            int missing = 0;
            for (int i = warm; i < count + warm; i++) {
                if (gotAt[i] == 0) {
                    missing++;
                } else {
                    p.add(gotAt[i] - sentAt[i]);
                }
            }
            out("RESULT queue %s realtime: publish -> delivery of %d messages (one at a time): %s; missing=%d", name, count, p.summary(), missing);
        }
    }

    private static int seqOf(String payload) {
        int i = payload.indexOf("\"seq\":");
        if (i < 0) {
            return -1;
        }
        int j = i + 6;
        int n = 0;
        while (j < payload.length() && Character.isDigit(payload.charAt(j))) {
            n = n * 10 + payload.charAt(j++) - '0';
        }
        return n;
    }

    /** An insight job message as the Evaluation Server writes one (about 400 bytes). */
    private static String insight(int i) {
        return "{\"user\":{\"keyId\":\"user-" + i + "\",\"name\":\"User " + i + "\",\"customizedProperties\":[{\"name\":\"country\",\"value\":\"fr\"}]},"
                + "\"variations\":[{\"featureFlagKey\":\"app-flag-" + (i % 50) + "\",\"sendToExperiment\":false,\"timestamp\":1764200000000,"
                + "\"variation\":{\"id\":\"" + UUID.randomUUID() + "\",\"value\":\"true\"}}],\"envId\":\"" + UUID.randomUUID() + "\"}";
    }
}
