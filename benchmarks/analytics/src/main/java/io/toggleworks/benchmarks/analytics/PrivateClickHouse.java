package io.toggleworks.benchmarks.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code clickhouse-server} of our own, as the infra-clickhouse tests start it (toolchain.md recipe): the Debian
 * package's config copied with free ports and data and logs under a temp dir, so nothing of the machine's is touched;
 * stopped and deleted by {@link #close()}.
 */
final class PrivateClickHouse implements AutoCloseable {
    static final String INSTALL = "apt-get install -y clickhouse-server clickhouse-client";
    private final Process process;
    private final Path dir;
    private final URI uri;

    private PrivateClickHouse(Process process, Path dir, URI uri) {
        this.process = process;
        this.dir = dir;
        this.uri = uri;
    }

    /** Where the server binary is, or empty when ClickHouse is not installed. */
    static Optional<Path> binary() {
        if (!Files.isReadable(Path.of("/etc/clickhouse-server/config.xml"))) {
            return Optional.empty();
        }
        return Stream.of("/usr/bin/clickhouse-server", "/usr/sbin/clickhouse-server", "/usr/bin/clickhouse")
                .map(Path::of).filter(Files::isExecutable).findFirst();
    }

    static PrivateClickHouse start() {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(
                "No clickhouse-server binary or /etc/clickhouse-server/config.xml. Install it: " + INSTALL));
        Path etc = Path.of("/etc/clickhouse-server");
        Path dir = null;
        Process process = null;
        try {
            dir = Files.createTempDirectory("tw-bench-clickhouse-");
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("log"));
            int http = freePort();
            String config = Files.readString(etc.resolve("config.xml"))
                    .replace("<http_port>8123</http_port>", "<http_port>" + http + "</http_port>")
                    .replace("<tcp_port>9000</tcp_port>", "<tcp_port>" + freePort() + "</tcp_port>")
                    .replace("<interserver_http_port>9009</interserver_http_port>",
                            "<interserver_http_port>" + freePort() + "</interserver_http_port>")
                    .replace("/var/lib/clickhouse/", dir.resolve("data") + "/")
                    .replace("/var/log/clickhouse-server/", dir.resolve("log") + "/")
                    // Hosts without IPv6 refuse to start on ::1.
                    .replace("<listen_host>::1</listen_host>", "");
            Files.writeString(dir.resolve("config.xml"), config);
            Files.copy(etc.resolve("users.xml"), dir.resolve("users.xml"));
            List<String> command = binary.getFileName().toString().equals("clickhouse")
                    ? List.of(binary.toString(), "server", "--config-file=" + dir.resolve("config.xml"))
                    : List.of(binary.toString(), "--config-file=" + dir.resolve("config.xml"));
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("log/stdout.log").toFile()).start();
            URI uri = URI.create("http://127.0.0.1:" + http + "/");
            long started = System.nanoTime();
            try (HttpClient client = HttpClient.newHttpClient()) {
                while (System.nanoTime() - started < Duration.ofSeconds(30).toNanos()) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("clickhouse-server exited at start (" + process.exitValue()
                                + "); logs in " + dir.resolve("log"));
                    }
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri.resolve("ping"))
                                .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            return new PrivateClickHouse(process, dir, uri);
                        }
                    } catch (IOException e) {
                        // not listening yet
                    }
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("clickhouse-server did not answer /ping within 30 s; logs in " + dir.resolve("log"));
        } catch (IOException e) {
            stop(process, dir);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process, dir);
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            stop(process, dir);
            throw e;
        }
    }

    URI uri() {
        return uri;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stop(process, dir);
    }

    private static void stop(Process process, Path dir) {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
