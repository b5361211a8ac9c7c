package io.toggleworks.conformance;

import io.toggleworks.core.json.Json;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A long-running Node.js driver script (conformance/*.js) that wraps an official SDK. The script reads one JSON
 * command per line on stdin ({@code {"id":n,"op":...}}) and writes one JSON object per line on stdout: replies carry
 * the command's id, other lines are events ({@code {"event":"ready"}}). Its stderr goes to this JVM's stderr.
 */
final class NodeScript implements AutoCloseable {
    static final Path DIR = Path.of(System.getProperty("conformance.dir", ".")).toAbsolutePath().normalize();
    private static final JsonNode EOF = Json.tree("{\"event\":\"exit\"}");

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private final List<String> stderrTail = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    private NodeScript(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name(name + "-stdout").start(this::readStdout);
        Thread.ofPlatform().daemon().name(name + "-stderr").start(this::readStderr);
    }

    /**
     * Fails with {@code CI=true}, skips otherwise, when Node.js or the SDK packages are missing: the suite needs
     * {@code npm ci} in {@code conformance/}.
     */
    static void requireNode() {
        String problem = null;
        try {
            Process p = new ProcessBuilder(node(), "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                problem = "`node --version` failed: " + version;
            }
        } catch (IOException e) {
            problem = "Node.js is not installed (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        if (problem == null) {
            for (String pkg : List.of("@featbit/node-server-sdk", "@featbit/js-client-sdk", "ws")) {
                if (!Files.isRegularFile(DIR.resolve("node_modules").resolve(pkg).resolve("package.json"))) {
                    problem = "npm package " + pkg + " is not installed in " + DIR.resolve("node_modules");
                }
            }
        }
        if (problem != null) {
            String message = problem + ". Install Node.js 20+ and run `npm ci` in " + DIR + " (the FeatBit SDK conformance suite needs them).";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            System.err.println("[conformance] skipped: " + message);
            Assumptions.abort(message);
        }
    }

    private static String node() {
        return System.getenv().getOrDefault("NODE", "node");
    }

    static NodeScript start(String script, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(node(), DIR.resolve(script).toString()).directory(DIR.toFile());
        pb.environment().putAll(env);
        return new NodeScript(script, pb.start());
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("{")) {
                    try {
                        lines.add(Json.tree(line));
                        continue;
                    } catch (RuntimeException ignored) {
                        // not one of ours: an SDK log line that happens to start with a brace
                    }
                }
                System.err.println("[" + name + " stdout] " + line);
            }
        } catch (IOException ignored) {
            // process ended
        } finally {
            lines.add(EOF);
        }
    }

    private void readStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.err.println("[" + name + "] " + line);
                synchronized (stderrTail) {
                    stderrTail.add(line);
                    if (stderrTail.size() > 40) {
                        stderrTail.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    /** Waits for an event line ({@code {"event":name}}); fails on an {@code error} event or when the script exits. */
    JsonNode awaitEvent(String event, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError(name + ": no '" + event + "' within " + timeout + "; stderr: " + stderr());
            }
            String e = line.path("event").asString("");
            if (e.equals(event)) {
                return line;
            }
            if (e.equals("error") || line == EOF) {
                throw new AssertionError(name + ": " + line + " while waiting for '" + event + "'; stderr: " + stderr());
            }
        }
    }

    /** Sends a command and waits for its reply. */
    JsonNode call(ObjectNode command, Duration timeout) throws InterruptedException {
        int id = ids.incrementAndGet();
        command.put("id", id);
        try {
            stdin.write(Json.write(command) + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError(name + " is not accepting commands; stderr: " + stderr(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError(name + ": no reply to " + command + " within " + timeout + "; stderr: " + stderr());
            }
            if (line == EOF) {
                throw new AssertionError(name + " exited while running " + command + "; stderr: " + stderr());
            }
            if (line.path("id").asInt(-1) == id) {
                if (line.has("error")) {
                    throw new AssertionError(name + ": " + command.path("op").asString() + " failed: " + line.path("error").asString());
                }
                return line;
            }
        }
    }

    static ObjectNode command(String op) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("op", op);
        return n;
    }

    private String stderr() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                call(command("close"), Duration.ofSeconds(30));
            }
        } catch (AssertionError | InterruptedException e) {
            System.err.println("[" + name + "] did not close cleanly: " + e.getMessage());
        } finally {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
