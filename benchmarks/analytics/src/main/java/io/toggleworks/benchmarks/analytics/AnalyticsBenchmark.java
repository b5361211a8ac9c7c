package io.toggleworks.benchmarks.analytics;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingestion rate and insight-query times of every analytics store, one after the other in one run, on the same
 * deterministic event set ({@link EventSet}). Per store: a fresh database, the events appended in batches through
 * {@code AnalyticsStore.append}, the queries of {@link Queries} timed cold and warm, sizes and CPU, the database
 * dropped. Writes {@code results.json} and {@code summary.md} to {@code --out}. See {@code run.sh} and
 * docs/benchmarks.md, "Analytics stores".
 */
public final class AnalyticsBenchmark {
    private AnalyticsBenchmark() {
    }

    /** The run's settings; every one has a command-line option of the same name. */
    record Options(List<String> stores, long events, long mongoEvents, int batch, int writers, long seed,
                   Map<String, Duration> ingestBudgets, int queryReps, Duration queryBudget, Path out,
                   String postgresHost, int postgresPort, URI clickhouseUrl, Instant deadline, String command) {
        /** The store's ingest time limit; zero: none. */
        Duration ingestBudget(String store) {
            return ingestBudgets.getOrDefault(store, ingestBudgets.getOrDefault("*", Duration.ZERO));
        }

        /** "240" for every store, or "ClickHouse=180,Postgres=240". */
        static Map<String, Duration> budgets(String text) {
            Map<String, Duration> budgets = new LinkedHashMap<>();
            for (String part : text.split(",")) {
                String[] kv = part.trim().split("=");
                budgets.put(kv.length == 1 ? "*" : kv[0].trim(), Duration.ofSeconds(Long.parseLong(kv[kv.length - 1].trim())));
            }
            return budgets;
        }

        static Options parse(String[] args) {
            Map<String, String> a = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
                }
                a.put(args[i].substring(2), args[++i]);
            }
            Options o = new Options(
                    List.of(a.getOrDefault("stores", "ClickHouse,Postgres,MongoDb").split(",")),
                    Long.parseLong(a.getOrDefault("events", "10000000")),
                    Long.parseLong(a.getOrDefault("mongo-events", "200000")),
                    Integer.parseInt(a.getOrDefault("batch", "5000")),
                    Integer.parseInt(a.getOrDefault("writers", "2")),
                    Long.parseLong(a.getOrDefault("seed", "20261127")),
                    budgets(a.getOrDefault("ingest-budget-seconds", "0")),
                    Integer.parseInt(a.getOrDefault("query-reps", "5")),
                    Duration.ofSeconds(Long.parseLong(a.getOrDefault("query-budget-seconds", "60"))),
                    Path.of(a.getOrDefault("out", "benchmarks/analytics/target/results")),
                    a.getOrDefault("postgres-host", "127.0.0.1"),
                    Integer.parseInt(a.getOrDefault("postgres-port", "5432")),
                    a.containsKey("clickhouse-url") ? URI.create(a.get("clickhouse-url")) : null,
                    a.containsKey("deadline") ? Instant.parse(a.get("deadline")) : null,
                    a.getOrDefault("command", ""));
            a.keySet().removeAll(List.of("stores", "events", "mongo-events", "batch", "writers", "seed",
                    "ingest-budget-seconds", "query-reps", "query-budget-seconds", "out", "postgres-host",
                    "postgres-port", "clickhouse-url", "deadline", "command"));
            if (!a.isEmpty()) {
                throw new IllegalArgumentException("unknown options: " + a.keySet());
            }
            return o;
        }
    }

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: run.sh [--stores ClickHouse,Postgres,MongoDb] [--events 10000000] [--mongo-events 200000]"
                    + " [--batch 5000] [--writers 2] [--seed N] [--ingest-budget-seconds 0|S|Store=S,...]"
                    + " [--query-reps 5] [--query-budget-seconds 60] [--deadline ISO-INSTANT] [--out DIR] [--postgres-host H]"
                    + " [--postgres-port P] [--clickhouse-url URL]");
            System.exit(2);
            return;
        }
        Map<String, Object> report = run(o);
        Files.createDirectories(o.out());
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(o.out().resolve("results.json"), json.writeValueAsString(report) + "\n");
        String summary = Summary.markdown(report);
        Files.writeString(o.out().resolve("summary.md"), summary);
        System.out.println();
        System.out.println(summary);
        System.out.println("Results in " + o.out().toAbsolutePath());
    }

    static Map<String, Object> run(Options o) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started", Instant.now().toString());
        report.put("host", Host.describe());
        report.put("command", o.command());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("events", o.events());
        settings.put("mongo_events", o.mongoEvents());
        settings.put("batch", o.batch());
        settings.put("writers", o.writers());
        settings.put("seed", o.seed());
        Map<String, Long> budgets = new LinkedHashMap<>();
        o.ingestBudgets().forEach((k, v) -> budgets.put(k, v.toSeconds()));
        settings.put("ingest_budget_s", budgets);
        settings.put("deadline", String.valueOf(o.deadline()));
        settings.put("query_reps", o.queryReps());
        settings.put("query_budget_s", o.queryBudget().toSeconds());
        settings.put("window", EventSet.START + " .. " + EventSet.END);
        settings.put("flags", EventSet.FLAGS);
        settings.put("users", EventSet.USERS);
        report.put("settings", settings);
        report.put("generator_alone_events_per_s", generatorSpeed(o));
        List<Map<String, Object>> stores = new ArrayList<>();
        for (int i = 0; i < o.stores().size(); i++) {
            stores.add(runStore(o.stores().get(i).trim(), o, o.stores().subList(i + 1, o.stores().size())));
        }
        report.put("stores", stores);
        report.put("finished", Instant.now().toString());
        report.put("load_average_end", ProcCpu.loadAverage());
        return report;
    }

    /** How fast the harness alone makes events (one thread, no store), to tell its cost from the stores'. */
    private static double generatorSpeed(Options o) {
        EventSet set = new EventSet(Math.min(o.events(), 200_000), o.batch(), o.seed());
        long t0 = System.nanoTime();
        long n = 0;
        for (int i = 0; i < set.batches(); i++) {
            n += set.batch(i).events().size();
        }
        return n * 1e9 / (System.nanoTime() - t0);
    }

    /** Seconds kept, per store still to run, for its set-up, queries and drop when a deadline is given. */
    private static final long RESERVE_PER_STORE_S = 80;

    /**
     * The ingest budget: the configured one, cut when a deadline is given so that this store and those after it
     * fit, sharing the time left in proportion to their configured budgets (60 s for a store without one).
     */
    static Duration ingestBudget(String name, Options o, List<String> later) {
        Duration configured = o.ingestBudget(name);
        if (o.deadline() == null) {
            return configured;
        }
        long left = Duration.between(Instant.now(), o.deadline()).toSeconds() - RESERVE_PER_STORE_S * (later.size() + 1);
        double mine = configured.isZero() ? 60 : configured.toSeconds();
        double all = mine + later.stream().mapToDouble(s -> o.ingestBudget(s.trim()).isZero() ? 60
                : o.ingestBudget(s.trim()).toSeconds()).sum();
        long share = Math.max(10, (long) (left * mine / all));
        return configured.isZero() ? Duration.ofSeconds(share) : Duration.ofSeconds(Math.min(share, configured.toSeconds()));
    }

    static Map<String, Object> runStore(String name, Options o, List<String> later) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("store", name);
        r.put("load_average_before", ProcCpu.loadAverage());
        r.put("started", Instant.now().toString());
        long events = name.equals("MongoDb") ? Math.min(o.events(), o.mongoEvents()) : o.events();
        System.out.printf("%n== %s: %,d events in batches of %,d, %d writers (load %s)%n", name, events, o.batch(),
                o.writers(), ProcCpu.loadAverage());
        Target target;
        long setupStart = System.nanoTime();
        try {
            target = switch (name) {
                case "Postgres" -> new PostgresTarget(o.postgresHost(), o.postgresPort());
                case "ClickHouse" -> new ClickHouseTarget(o.clickhouseUrl());
                case "MongoDb" -> new MongoEmulatorTarget();
                default -> throw new IllegalArgumentException("unknown store " + name + " (Postgres, ClickHouse, MongoDb)");
            };
        } catch (RuntimeException e) {
            System.out.println("  skipped: " + e.getMessage());
            r.put("skipped", e.getMessage());
            return r;
        }
        try (target) {
            r.put("server", target.server());
            r.put("setup_s", (System.nanoTime() - setupStart) / 1e9);
            Map<String, Object> serverSettings = target.serverSettings();
            if (!serverSettings.isEmpty()) {
                r.put("server_settings", serverSettings);
            }
            System.out.println("  " + target.server());
            EventSet set = new EventSet(events, o.batch(), o.seed());
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long server0 = target.serverCpuNanos();
            long[] machine0 = ProcCpu.machine();
            Duration budget = ingestBudget(name, o, later);
            if (!budget.isZero()) {
                System.out.printf("  ingest budget %d s%n", budget.toSeconds());
            }
            Ingest.Result in = Ingest.run(target.store(), set, o.writers(), budget, name);
            long cpu1 = os.getProcessCpuTime();
            long server1 = target.serverCpuNanos();
            long[] machine1 = ProcCpu.machine();
            Map<String, Object> ingest = new LinkedHashMap<>();
            ingest.put("events_planned", events);
            ingest.put("events", in.events());
            ingest.put("complete", in.complete());
            ingest.put("budget_s", budget.toSeconds());
            // Events are made in time order, so a load cut short covers only the start of the 30 days.
            ingest.put("days_covered", 30.0 * in.events() / events);
            if (!in.failure().isEmpty()) {
                ingest.put("failure", in.failure());
            }
            ingest.put("wall_s", in.wallNanos() / 1e9);
            ingest.put("events_per_s", in.eventsPerSecond());
            ingest.put("append_p50_ms", in.appendMillis(50));
            ingest.put("append_p99_ms", in.appendMillis(99));
            ingest.put("append_max_ms", in.appendMillis(100));
            ingest.put("harness_cpu_s", (cpu1 - cpu0) / 1e9);
            ingest.put("generator_thread_cpu_s", in.generatorCpuNanos() / 1e9);
            ingest.put("server_cpu_s", server0 < 0 || server1 < 0 ? null : (server1 - server0) / 1e9);
            ingest.put("machine_busy_percent", machine1[1] == machine0[1] ? null
                    : 100.0 * (machine1[0] - machine0[0]) / (machine1[1] - machine0[1]));
            ingest.put("load_average_after", ProcCpu.loadAverage());
            r.put("ingest", ingest);
            System.out.printf("  ingested %,d events in %.1f s: %,.0f events/s (append p50 %.1f ms, p99 %.1f ms)%s%n",
                    in.events(), in.wallNanos() / 1e9, in.eventsPerSecond(), in.appendMillis(50), in.appendMillis(99),
                    in.failure().isEmpty() ? "" : " FAILED: " + in.failure());
            if (in.events() == 0) {
                return r;
            }
            long t0 = System.nanoTime();
            String after = target.afterIngest();
            if (!after.isEmpty()) {
                r.put("after_ingest", after);
                r.put("after_ingest_s", (System.nanoTime() - t0) / 1e9);
            }
            r.put("sizes_after_ingest", target.sizes());
            List<Map<String, Object>> queries = new ArrayList<>();
            List<Queries.Spec> specs = Queries.specs(in);
            for (int i = 0; i < specs.size(); i++) {
                Queries.Spec spec = specs.get(i);
                Duration queryBudget = o.queryBudget().multipliedBy(spec.budgetFactor());
                if (o.deadline() != null) {
                    // Near or past the deadline, warm repetitions are cut first.
                    long left = Duration.between(Instant.now(), o.deadline()).toMillis() - later.size() * RESERVE_PER_STORE_S * 1000;
                    int weights = specs.subList(i, specs.size()).stream().mapToInt(Queries.Spec::budgetFactor).sum();
                    queryBudget = Duration.ofMillis(Math.max(0, Math.min(queryBudget.toMillis(), left * spec.budgetFactor() / weights)));
                }
                Map<String, Object> q = Queries.time(target.store(), spec, o.queryReps(), queryBudget);
                queries.add(q);
                System.out.printf("  %-24s cold %s ms, warm median %s ms (%s reps), rows %s, sum %s%s%n", spec.id(),
                        q.get("cold_ms"), q.get("warm_median_ms"), q.get("warm_reps"), q.get("rows"), q.get("checksum"),
                        q.containsKey("correct") ? (Boolean.TRUE.equals(q.get("correct")) ? " (correct)" : " (WRONG, expected "
                                + q.get("expected") + ")") : q.containsKey("error") ? " ERROR " + q.get("error") : "");
            }
            r.put("queries", queries);
            r.put("sizes", target.sizes());
            r.put("load_average_after", ProcCpu.loadAverage());
        } catch (RuntimeException e) {
            e.printStackTrace(System.out);
            r.put("error", e.toString());
        }
        r.put("finished", Instant.now().toString());
        return r;
    }
}
