package io.toggleworks.conformance.browser;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone platform as a user runs it: {@code java -jar toggleworks-standalone.jar} in a child JVM, on free
 * ports (never FeatBit's defaults: the machine is shared) and a fresh data folder that is removed afterwards. A child
 * process rather than an in-process start, so that its start-to-ready time and memory are the real thing.
 */
final class StandaloneProcess implements AutoCloseable {

    private static final String READY = "Toggleworks is ready";
    private static final Pattern SELF_REPORTED = Pattern.compile("Toggleworks is ready in ([0-9.]+) s");
    private static final long READY_TIMEOUT_S = Long.getLong("standalone.readyTimeoutSeconds", 420);

    private final Process process;
    private final Path dataDir;
    private final int portalPort;
    private final int elsPort;
    private final long launchNanos;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Deque<String> tail = new ArrayDeque<>();
    private volatile long readyNanos;
    private volatile double selfReportedReadySeconds = -1;

    private StandaloneProcess(Process process, Path dataDir, int portalPort, int elsPort, long launchNanos) {
        this.process = process;
        this.dataDir = dataDir;
        this.portalPort = portalPort;
        this.elsPort = elsPort;
        this.launchNanos = launchNanos;
    }

    static StandaloneProcess start(Path jar, Path log) throws Exception {
        Path data = Files.createTempDirectory("toggleworks-e2e-");
        int api = NewUserPathBrowserTest.freePort();
        int els = NewUserPathBrowserTest.freePort();
        int portal = NewUserPathBrowserTest.freePort();
        int postgres = NewUserPathBrowserTest.freePort();
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString())
                .directory(data.toFile())
                .redirectErrorStream(true);
        pb.environment().put("TOGGLEWORKS_DATA", data.resolve("data").toString());
        pb.environment().put("API_PORT", String.valueOf(api));
        pb.environment().put("ELS_PORT", String.valueOf(els));
        pb.environment().put("PORTAL_PORT", String.valueOf(portal));
        pb.environment().put("EMBEDDED_POSTGRES_PORT", String.valueOf(postgres));
        long launched = System.nanoTime();
        StandaloneProcess sp = new StandaloneProcess(pb.start(), data, portal, els, launched);
        Thread.ofPlatform().daemon().name("standalone-output").start(() -> sp.drain(log));
        System.out.printf("[standalone] pid %d, portal %d, API %d, ELS %d, PostgreSQL %d, data %s%n",
                sp.process.pid(), portal, api, els, postgres, data);
        if (!sp.awaitReady()) {
            String why = sp.process.isAlive() ? "not ready after " + READY_TIMEOUT_S + " s" : "exited with " + sp.process.exitValue();
            sp.close();
            throw new IllegalStateException("the standalone platform " + why + "; log tail:\n" + sp.logTail());
        }
        System.out.printf("[standalone] ready %.1f s after launch%n", sp.readySeconds());
        return sp;
    }

    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            if (ready.await(1, TimeUnit.SECONDS)) return true;
            if (!process.isAlive()) return false;
        }
        return false;
    }

    private void drain(Path log) {
        try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
             var lines = process.inputReader().lines()) {
            lines.forEach(line -> {
                if (ready.getCount() > 0 && line.contains(READY)) {
                    readyNanos = System.nanoTime();
                    Matcher m = SELF_REPORTED.matcher(line);
                    if (m.find()) selfReportedReadySeconds = Double.parseDouble(m.group(1));
                    ready.countDown();
                }
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 80) tail.removeFirst();
                }
                try {
                    out.write(line);
                    out.newLine();
                    out.flush();
                } catch (IOException ignored) {
                    // the log file is a convenience; the tail is kept in memory anyway
                }
            });
        } catch (IOException | RuntimeException e) {
            // the process went away
        }
    }

    int portalPort() {
        return portalPort;
    }

    int elsPort() {
        return elsPort;
    }

    double readySeconds() {
        return (readyNanos - launchNanos) / 1e9;
    }

    String logTail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /** Start-to-ready, resident memory and the heap as {@code jcmd GC.heap_info} reports it, plus the load average. */
    Measurements measure() {
        return Measurements.of(process.pid(), readySeconds(), selfReportedReadySeconds);
    }

    @Override
    public void close() {
        // SIGTERM first: the shutdown hook stops the services and the embedded PostgreSQL cleanly.
        var children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        NewUserPathBrowserTest.deleteTree(dataDir);
    }
}
