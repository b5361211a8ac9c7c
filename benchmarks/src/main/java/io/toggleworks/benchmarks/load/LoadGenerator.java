package io.toggleworks.benchmarks.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Entry point of the load generators: {@code java -cp benchmarks.jar io.toggleworks.benchmarks.load.LoadGenerator
 * <scenario> [--name=value ...]}, scenarios {@code idle}, {@code rate}, {@code push}, {@code api}, {@code queues}.
 * Lines starting with {@code RESULT} are the figures docs/benchmarks.md quotes; everything printed also goes to
 * {@code <out>/<scenario>.log}. Run through {@code benchmarks/load/run.sh}, which builds the jar and checks the load.
 */
public final class LoadGenerator {
    private static PrintWriter log;

    private LoadGenerator() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: LoadGenerator idle|rate|push|api|queues [--name=value ...]");
            System.exit(2);
        }
        String scenario = argv[0];
        Args args = new Args(argv, 1);
        Path outDir = Path.of(args.get("out", "benchmarks/target/results/load"));
        Files.createDirectories(outDir);
        log = new PrintWriter(Files.newBufferedWriter(outDir.resolve(scenario + ".log"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        out("scenario %s %s; nproc %d; JDK %s; load average %s", scenario, args, Runtime.getRuntime().availableProcessors(),
                Runtime.version(), loadAverage());
        try {
            switch (scenario) {
                case "idle", "rate", "push" -> {
                    try (ElsScenarios els = new ElsScenarios(args, outDir)) {
                        switch (scenario) {
                            case "idle" -> els.idle();
                            case "rate" -> els.rate();
                            default -> els.push();
                        }
                    }
                }
                case "api" -> {
                    for (String mq : args.get("mq", "Postgres").split(",")) {
                        ApiScenario.run(args, outDir, mq.trim());
                    }
                }
                case "queues" -> QueueScenario.run(args, outDir);
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        } finally {
            out("done; load average %s", loadAverage());
            log.close();
        }
        System.exit(0);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static synchronized void out(String format, Object... values) {
        String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + String.format(Locale.ROOT, format, values);
        System.out.println(line);
        if (log != null) {
            log.println(line);
        }
    }
}
