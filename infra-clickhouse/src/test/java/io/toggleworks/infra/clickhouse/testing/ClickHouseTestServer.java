package io.toggleworks.infra.clickhouse.testing;

import io.toggleworks.infra.clickhouse.ClickHouseHttp;
import io.toggleworks.infra.clickhouse.ClickHouseSettings;
import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

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
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The ClickHouse the tests use: one private {@code clickhouse-server} per test JVM, started from a copy of the
 * Debian package's config with moved ports and data under a temp dir (toolchain.md, ClickHouse recipe), stopped and
 * deleted when the JVM exits. Each test class works in its own random database ({@link #newDatabase()}), dropped by
 * {@link Database#close()}.
 * <p>
 * {@code TOGGLEWORKS_TEST_CLICKHOUSE_URL} (env or system property, e.g. {@code http://127.0.0.1:8123/}) points the
 * tests at a running server instead, e.g. a current ClickHouse release. Without a server binary the tests fail under
 * {@code CI=true} and are skipped elsewhere.
 */
public final class ClickHouseTestServer {
    private static final String INSTALL = "apt-get install -y clickhouse-server clickhouse-client";
    private static URI endpoint;
    private static Https https;

    /** The private server's HTTPS port and the self-signed certificate (CN localhost, SAN 127.0.0.1) it presents. */
    public record Https(int port, Path certificate) {
    }

    private ClickHouseTestServer() {
    }

    /** A fresh database on this JVM's server (not created yet: the store under test creates it). */
    public static Database newDatabase() {
        URI server = server();
        String name = "tw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new Database(server, name);
    }

    /**
     * HTTPS on the private server, when {@code openssl} could make a certificate; empty for an external server.
     * Under {@code CI=true} a missing {@code openssl} fails the caller, elsewhere it skips.
     */
    public static synchronized Https https() {
        server();
        if (https == null) {
            unavailable("The private ClickHouse has no HTTPS port (external server, or no openssl to make a"
                    + " certificate: apt-get install -y openssl)");
        }
        return https;
    }

    private static synchronized URI server() {
        if (endpoint == null) {
            String external = System.getProperty("toggleworks.test.clickhouse.url",
                    System.getenv("TOGGLEWORKS_TEST_CLICKHOUSE_URL"));
            if (external != null && !external.isBlank()) {
                endpoint = URI.create(external.endsWith("/") ? external : external + "/");
                System.out.println("Tests use the ClickHouse at " + endpoint);
            } else {
                endpoint = startPrivateServer();
            }
        }
        return endpoint;
    }

    private static URI startPrivateServer() {
        Path binary = Stream.of("/usr/bin/clickhouse-server", "/usr/sbin/clickhouse-server", "/usr/bin/clickhouse")
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        Path etc = Path.of("/etc/clickhouse-server");
        if (binary == null || !Files.isReadable(etc.resolve("config.xml"))) {
            unavailable("No clickhouse-server binary or /etc/clickhouse-server/config.xml. Install it: " + INSTALL);
        }
        try {
            Path dir = Files.createTempDirectory("tw-clickhouse-");
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("log"));
            int http = freePort();
            int tcp = freePort();
            int interserver = freePort();
            int httpsPort = freePort();
            boolean tls = selfSignedCertificate(dir);
            String config = Files.readString(etc.resolve("config.xml"))
                    .replace("<http_port>8123</http_port>", "<http_port>" + http + "</http_port>")
                    .replace("<tcp_port>9000</tcp_port>", "<tcp_port>" + tcp + "</tcp_port>")
                    .replace("<interserver_http_port>9009</interserver_http_port>",
                            "<interserver_http_port>" + interserver + "</interserver_http_port>")
                    .replace("/var/lib/clickhouse/", dir.resolve("data") + "/")
                    .replace("/var/log/clickhouse-server/", dir.resolve("log") + "/")
                    // Hosts without IPv6 refuse to start on ::1.
                    .replace("<listen_host>::1</listen_host>", "");
            if (tls) {
                config = config.replace("<http_port>" + http + "</http_port>",
                                "<http_port>" + http + "</http_port><https_port>" + httpsPort + "</https_port>")
                        .replace("/etc/clickhouse-server/server.crt", dir.resolve("server.crt").toString())
                        .replace("/etc/clickhouse-server/server.key", dir.resolve("server.key").toString())
                        // Making Diffie-Hellman parameters takes minutes; ECDHE needs none.
                        .replaceAll("<dhParamsFile>[^<]*</dhParamsFile>", "");
            }
            Files.writeString(dir.resolve("config.xml"), config);
            Files.copy(etc.resolve("users.xml"), dir.resolve("users.xml"));
            List<String> command = binary.getFileName().toString().equals("clickhouse")
                    ? List.of(binary.toString(), "server", "--config-file=" + dir.resolve("config.xml"))
                    : List.of(binary.toString(), "--config-file=" + dir.resolve("config.xml"));
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log/stdout.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, dir)));
            URI uri = URI.create("http://127.0.0.1:" + http + "/");
            long started = System.nanoTime();
            try (HttpClient client = HttpClient.newHttpClient()) {
                while (System.nanoTime() - started < Duration.ofSeconds(30).toNanos()) {
                    if (!process.isAlive()) {
                        unavailable("clickhouse-server exited at start (" + process.exitValue() + "): "
                                + tail(dir.resolve("log/stdout.log")) + tail(dir.resolve("log/clickhouse-server.err.log")));
                    }
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri.resolve("ping"))
                                .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            System.out.printf("Tests use a private ClickHouse on port %d (ready in %d ms, data in %s)%n",
                                    http, (System.nanoTime() - started) / 1_000_000, dir);
                            if (tls) {
                                https = new Https(httpsPort, dir.resolve("server.crt"));
                            }
                            return uri;
                        }
                    } catch (IOException e) {
                        // not listening yet
                    }
                    Thread.sleep(50);
                }
            }
            unavailable("clickhouse-server did not answer /ping within 30 s: " + tail(dir.resolve("log/stdout.log")));
            throw new IllegalStateException("unreachable");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A throw-away certificate for 127.0.0.1 with {@code openssl}; false when that cannot be done. */
    private static boolean selfSignedCertificate(Path dir) {
        try {
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", dir.resolve("server.key").toString(), "-out", dir.resolve("server.crt").toString(),
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log/openssl.log").toFile()).start();
            return p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void unavailable(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    private static void stop(Process process, Path dir) {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            return text.length() <= 2_000 ? text : text.substring(text.length() - 2_000);
        } catch (IOException e) {
            return "";
        }
    }

    /** One test class's database: FeatBit's settings pointing at it, and a way to drop it. */
    public record Database(URI endpoint, String name) implements AutoCloseable {
        /** The DAS variables (spec §5.2) a service would be given. */
        public ProviderConfig config(Map<String, String> extra) {
            Map<String, String> values = new java.util.HashMap<>(Map.of(
                    "CLICKHOUSE_HOST", endpoint.getHost(),
                    "CLICKHOUSE_HTTP_PORT", Integer.toString(endpoint.getPort()),
                    "CLICKHOUSE_DATABASE", name));
            values.putAll(extra);
            return ProviderConfig.of(values);
        }

        public ProviderConfig config() {
            return config(Map.of());
        }

        public ClickHouseHttp http() {
            return new ClickHouseHttp(ClickHouseSettings.from(config()));
        }

        @Override
        public void close() {
            try (ClickHouseHttp http = http()) {
                http.execute("DROP DATABASE IF EXISTS `" + name + "`");
            }
        }
    }
}
