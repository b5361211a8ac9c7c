package io.toggleworks.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server under test in its own JVM (the Evaluation Server from this jar's class path, or the API from the
 * standalone jar), so its CPU and heap are measured apart from the load generator's. Its output goes to a log file;
 * it is stopped (SIGTERM, then SIGKILL after 20 s) on {@link #close()} and when this JVM exits.
 */
final class ChildJvm implements AutoCloseable {
    final Process process;
    final Proc proc;
    final int port;
    final Path log;

    private ChildJvm(Process process, String name, int port, Path log) {
        this.process = process;
        this.proc = new Proc(process.pid(), name);
        this.port = port;
        this.log = log;
    }

    /** The Evaluation Server ({@code EvaluationServerLauncher}, FeatBit's settings as environment variables). */
    static ChildJvm evaluationServer(String heap, Map<String, String> settings, Path logDir) throws IOException, InterruptedException {
        int port = freePort();
        List<String> cmd = java(heap);
        // Extra JVM options for the ELS only, e.g. -Dels.jvm=-XX:StartFlightRecording=filename=els.jfr to profile it;
        // several are separated by "|" (the generator's own options arrive word-split by run.sh).
        String extra = System.getProperty("els.jvm", "");
        if (!extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("[\\s|]+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.toggleworks.els.EvaluationServerLauncher"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(settings);
        pb.environment().put("Els__Port", String.valueOf(port));
        pb.environment().put("Els__Host", "0.0.0.0");
        return start(pb, "els", port, logDir.resolve("els.log"), 120);
    }

    /** The management API, from the standalone jar ({@code -Dloader.main}: its own class, not the whole platform). */
    static ChildJvm api(Path standaloneJar, String heap, Map<String, String> settings, Path logDir) throws IOException, InterruptedException {
        if (!standaloneJar.toFile().isFile()) {
            throw new IllegalStateException(standaloneJar + " not found: build it with ./mvnw -pl standalone -am package -DskipTests");
        }
        int port = freePort();
        List<String> cmd = java(heap);
        cmd.addAll(List.of("-Dloader.main=io.toggleworks.api.ApiApplication", "-cp", standaloneJar.toString(),
                "org.springframework.boot.loader.launch.PropertiesLauncher",
                "--server.port=" + port, "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                // The portal's template engine is on the standalone class path; the API alone does not use it.
                "--spring.autoconfigure.exclude=gg.jte.springframework.boot.autoconfigure.JteAutoConfiguration,"
                        + "gg.jte.springframework.boot.autoconfigure.ServletJteAutoConfiguration"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(settings);
        return start(pb, "api", port, logDir.resolve("api-" + settings.getOrDefault("MqProvider", "") + ".log"), 300);
    }

    private static List<String> java(String heap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseG1GC");
        return cmd;
    }

    private static ChildJvm start(ProcessBuilder pb, String name, int port, Path log, int timeoutSeconds) throws IOException, InterruptedException {
        log.getParent().toFile().mkdirs();
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        ChildJvm child = new ChildJvm(p, name, port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(child::close));
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (!listening(port)) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                child.close();
                throw new IllegalStateException(name + " did not listen on " + port + " within " + timeoutSeconds + " s; see " + log);
            }
            Thread.sleep(200);
        }
        return child;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A free port below the kernel's ephemeral range (32768-60999 here): a port from that range may be taken by one
     * of the tens of thousands of client sockets another scenario opens before the server binds it.
     */
    static int freePort() throws IOException {
        for (int i = 0; i < 200; i++) {
            int candidate = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket(candidate)) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
